"""Placeholder product pictures drawn with Pillow: a card in the product group's colour with the
product's initials and its stars. Nothing is fetched from the internet."""

import io
import math

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from catalogue.text import strip_accents

# One colour per OCOP group (1 food ... 6 tourism): background, then text.
GROUP_COLOURS = {
    "1": ("#b5532b", "#fff7ef"),  # food: terracotta
    "2": ("#6b3fa0", "#f7f0ff"),  # beverages: plum
    "3": ("#2f7d4f", "#effaf2"),  # herbal: leaf green
    "4": ("#1f4e79", "#eef5fc"),  # handicrafts: indigo
    "5": ("#b03a62", "#fff0f5"),  # ornamentals: peach-blossom pink
    "6": ("#8a6d1c", "#fffbea"),  # tourism: ochre
}
SIZE = (800, 600)


def initials(name: str, limit: int = 3) -> str:
    """'Tương Cự Đà' -> 'TCD' (accent-free: the bundled font has no Vietnamese glyphs)."""
    words = strip_accents(name).split()
    return "".join(w[0] for w in words if w[:1].isalnum())[:limit].upper() or "OCOP"


def _star(cx, cy, outer, inner):
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def placeholder_card(name: str, group_code: str, stars: int | None = None) -> ContentFile:
    """A JPEG card for ``name``; stored through the image field like any upload."""
    background, foreground = GROUP_COLOURS.get(group_code, ("#555555", "#ffffff"))
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((24, 24, SIZE[0] - 24, SIZE[1] - 24), radius=28, outline=foreground, width=4)
    big = ImageFont.load_default(size=200)
    draw.text((SIZE[0] / 2, SIZE[1] / 2 - 40), initials(name), font=big, fill=foreground, anchor="mm")
    small = ImageFont.load_default(size=34)
    label = strip_accents(name)
    if len(label) > 36:
        label = label[:34] + "..."
    draw.text((SIZE[0] / 2, SIZE[1] - 150), label, font=small, fill=foreground, anchor="mm")
    for i in range(stars or 0):
        cx = SIZE[0] / 2 + (i - (stars - 1) / 2) * 56
        draw.polygon(_star(cx, SIZE[1] - 80, 22, 9), fill=foreground)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return ContentFile(buffer.getvalue(), name=f"{initials(name).lower()}.jpg")
