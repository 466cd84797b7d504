"""Placeholder product pictures for the demo catalogue, drawn with Pillow: an illustration of what
the product is (a jar of tương, a bánh chưng, a teapot, a blue-glaze vase, a peach-blossom branch,
a pagoda…) on a patterned background in its OCOP group's colours, with a label holding the
product's name, diacritics and all, and its stars.

Everything is drawn here, in the font shipped beside this file (``fonts/``: DejaVu Sans Bold, whose
licence is in ``fonts/LICENSE``); nothing is fetched and no system font is needed. The same inputs
always give the same picture, so reruns and tests see the same bytes.
"""

import functools
import io
import itertools
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from catalogue.text import fold_vietnamese, slugify_vi

SIZE = (800, 600)
# Pillow draws shapes without anti-aliasing: they are drawn at twice the size and halved, which
# smooths their edges. Text is drawn afterwards at full size (FreeType smooths it already).
SCALE = 2
FONT_DIR = Path(__file__).resolve().parent / "fonts"
NAME_FONT = FONT_DIR / "DejaVuSans-Bold.ttf"  # Vietnamese glyphs (ă ơ ư đ and every tone mark)

# The label at the bottom that holds the name, and the badge with the stars on its top edge.
LABEL_BOX = (40, 424, 760, 574)
NAME_BOX = (72, 452, 728, 560)  # where the name's lines may go, inside the label
BADGE_CENTRE_Y = LABEL_BOX[1]
GROUND_Y = 392  # where the drawn objects stand


@dataclass(frozen=True)
class Palette:
    paper_top: str  # background gradient, top to bottom
    paper_bottom: str
    halo: str  # the soft disc behind the illustration
    deep: str  # the name, the star badge and the background's pattern


# One palette per OCOP group (1 food ... 6 tourism), warm and light so the drawn objects stand out.
PALETTES = {
    "1": Palette("#fdf1e4", "#f4d6bb", "#fff8ef", "#8f3b1b"),  # food: terracotta
    "2": Palette("#f5eefa", "#e2d0ef", "#fcf8ff", "#5a2d86"),  # beverages: plum
    "3": Palette("#eef7ec", "#d2e8cf", "#fafff7", "#22603b"),  # herbal: leaf green
    "4": Palette("#edf3fa", "#d0dfef", "#f9fcff", "#1f4e79"),  # handicrafts: indigo
    "5": Palette("#fdeef3", "#f5d0dc", "#fffafc", "#8f2a4d"),  # ornamentals: peach-blossom pink
    "6": Palette("#fcf5e0", "#efdfae", "#fffcf1", "#6b520f"),  # tourism: ochre
}
NEUTRAL = Palette("#f4f2ee", "#e2ddd3", "#fcfbf8", "#4a4f55")  # a group code we do not know

LABEL_PAPER = (255, 251, 244, 242)
STAR_GOLD = "#f2c14e"

# Which illustration a product gets: the first motif one of whose words is in its name (accent-free,
# whole words: "chè lam" is a rice cake, not tea), else its group's own (the last entry).
GROUP_MOTIFS = {
    "1": [("parcel", ("banh chung", "banh te", "gio lua", "cha que")),
          ("plate", ("banh", "keo", "che lam")),
          ("jar", ("tuong", "mam", "giam", "mat ong", "o mai", "mo muoi", "sua chua", "ruoc", "muoi vung")),
          ("teapot", ("tra", "che xanh", "che bup", "ca phe", "ca cao")),
          ("fruit", ("buoi", "cam", "chuoi", "nhan")),
          ("bottle", ("sua tuoi", "nuoc")),
          ("bowl", ())],
    "2": [("teapot", ("tra",)),
          ("bottle", ())],
    "3": [("teapot", ("tra",)),
          ("herbs", ())],
    "4": [("teapot", ("am chen",)),
          ("hat", ("non",)),
          ("fan", ("quat giay",)),
          ("basket", ("may", "tre", "gio")),
          ("silk", ("lua", "khan", "chan", "ao dai", "theu")),
          ("lacquer", ("son mai", "kham", "hop", "khay", "tranh", "tuong", "co", "go", "huong")),
          ("vase", ())],
    "5": [("fruit", ("quat", "buoi", "cam")),
          ("koi", ("ca", "koi")),
          ("blossom", ())],
    "6": [("pagoda", ())],
}


class NameWords(str):
    """A product's name folded for matching words: lower case, accent-free, spaces around."""

    def __new__(cls, name: str):
        return super().__new__(cls, f" {fold_vietnamese(name)} ")

    def mentions(self, *words: str) -> bool:
        """Whether one of ``words`` (or phrases) is a whole word of the name."""
        return any(f" {word} " in self for word in words)


def motif_for(name: str, group_code: str) -> str:
    """The illustration for a product: 'Tương Cự Đà' in group 1 -> 'jar'."""
    words = NameWords(name)
    for motif, keys in GROUP_MOTIFS.get(group_code, [("vase", ())]):
        if not keys or words.mentions(*keys):
            return motif
    return "vase"


# --- drawing helpers ------------------------------------------------------------------------

def _rgba(colour: str, alpha: int = 255) -> tuple:
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4)) + (alpha,)


class Pen:
    """ImageDraw in the picture's 800 × 600 coordinates, on a canvas SCALE times larger; colours
    may be translucent (they are blended onto what is already drawn)."""

    def __init__(self, image: Image.Image):
        self.draw = ImageDraw.Draw(image, "RGBA")

    @staticmethod
    def _points(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    @staticmethod
    def _box(box):
        return [v * SCALE for v in box]

    def polygon(self, points, fill=None, outline=None, width=0):
        self.draw.polygon(self._points(points), fill=fill, outline=outline, width=width * SCALE)

    def ellipse(self, box, fill=None, outline=None, width=0):
        self.draw.ellipse(self._box(box), fill=fill, outline=outline, width=width * SCALE)

    def circle(self, cx, cy, r, fill=None, outline=None, width=0):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def rectangle(self, box, fill=None, radius=0, outline=None, width=0):
        self.draw.rounded_rectangle(self._box(box), radius=radius * SCALE, fill=fill, outline=outline,
                                    width=width * SCALE)

    def line(self, points, fill, width):
        self.draw.line(self._points(points), fill=fill, width=round(width * SCALE), joint="curve")

    def arc(self, box, start, end, fill, width):
        self.draw.arc(self._box(box), start, end, fill=fill, width=round(width * SCALE))

    def pieslice(self, box, start, end, fill):
        self.draw.pieslice(self._box(box), start, end, fill=fill)

    def chord(self, box, start, end, fill):
        self.draw.chord(self._box(box), start, end, fill=fill)


def star_points(cx, cy, outer, inner):
    """A five-pointed star, point up."""
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def _width_at(profile, y):
    """Half width of a turned pot at height ``y``: a smooth curve through the profile's (y, half
    width) knots, from rim to foot (monotone cubic: it bulges only where the knots do)."""
    ys = [k[0] for k in profile]
    ws = [k[1] for k in profile]
    if y <= ys[0]:
        return ws[0]
    if y >= ys[-1]:
        return ws[-1]
    slopes = [(ws[i + 1] - ws[i]) / (ys[i + 1] - ys[i]) for i in range(len(ys) - 1)]
    # Fritsch-Carlson tangents: the mean of the neighbouring slopes, flat at a turning point.
    tangents = [slopes[0]]
    for before, after in itertools.pairwise(slopes):
        tangents.append(0.0 if before * after <= 0 else 2 / (1 / before + 1 / after))
    tangents.append(slopes[-1])
    i = next(i for i in range(len(ys) - 1) if ys[i] <= y <= ys[i + 1])
    h = ys[i + 1] - ys[i]
    t = (y - ys[i]) / h
    return ((2 * t ** 3 - 3 * t ** 2 + 1) * ws[i] + (t ** 3 - 2 * t ** 2 + t) * h * tangents[i]
            + (-2 * t ** 3 + 3 * t ** 2) * ws[i + 1] + (t ** 3 - t ** 2) * h * tangents[i + 1])


def vessel(cx, profile, top=None, bottom=None, left=-1.0, right=1.0, steps=28):
    """Outline of a pot, vase, jar or bottle from its profile (see ``_width_at``), or of a slice of
    it: between heights ``top`` and ``bottom``, and between ``left`` and ``right`` across its
    width (-1 its left edge, 1 its right): glaze bands, highlights and shade follow its curve."""
    top = profile[0][0] if top is None else top
    bottom = profile[-1][0] if bottom is None else bottom
    ys = [top + (bottom - top) * i / steps for i in range(steps + 1)]
    widths = [_width_at(profile, y) for y in ys]
    return ([(cx + w * right, y) for y, w in zip(ys, widths)]
            + [(cx + w * left, y) for y, w in zip(reversed(ys), reversed(widths))])


def shaded_vessel(pen, cx, profile, body, *, shade=52, gloss=70):
    """A vessel with a darker side to the right and a glaze highlight to the left."""
    pen.polygon(vessel(cx, profile), fill=body)
    pen.polygon(vessel(cx, profile, left=0.35, right=1.0), fill=(40, 20, 10, shade))
    pen.polygon(vessel(cx, profile, left=0.7, right=1.0), fill=(40, 20, 10, shade // 2))
    top, bottom = profile[0][0], profile[-1][0]
    pen.polygon(vessel(cx, profile, top + (bottom - top) * 0.18, bottom - (bottom - top) * 0.25,
                       left=-0.72, right=-0.5), fill=(255, 255, 255, gloss))


def _midrib(x, y, angle, length, bend, steps):
    """Points along a leaf's midrib from its base, and the unit vector across the leaf."""
    a = math.radians(angle)
    ux, uy = math.cos(a), -math.sin(a)  # along the leaf (screen y points down)
    nx, ny = -uy, ux
    points = []
    for i in range(steps + 1):
        t = i / steps
        curve = bend * length * math.sin(math.pi * t)
        points.append((x + ux * t * length + nx * curve, y + uy * t * length + ny * curve))
    return points, (nx, ny)


def leaf(x, y, angle, length, width, bend=0.12, steps=14):
    """A leaf (also a petal, a fish's body) from its base at (x, y) towards ``angle`` degrees
    (0 right, 90 up): pointed at both ends, widest nearer the base, its midrib curved by ``bend``."""
    midrib, (nx, ny) = _midrib(x, y, angle, length, bend, steps)
    left, right = [], []
    for i, (mx, my) in enumerate(midrib):
        half = width / 2 * math.sin(math.pi * (i / steps) ** 0.75)
        left.append((mx + nx * half, my + ny * half))
        right.append((mx - nx * half, my - ny * half))
    return left + right[::-1]


def draw_leaf(pen, x, y, angle, length, width, colour="#3f8a3a", vein="#a9d18e", bend=0.12):
    pen.polygon(leaf(x, y, angle, length, width, bend), fill=colour)
    midrib, _ = _midrib(x, y, angle, length * 0.92, bend, steps=8)
    pen.line(midrib, fill=_rgba(vein, 190), width=max(1.5, width / 14))


def ground_shadow(pen, cx, rx, y=GROUND_Y, ry=13):
    pen.ellipse((cx - rx, y - ry, cx + rx, y + ry), fill=(60, 30, 10, 34))


def wave(x0, x1, y, amplitude, period, steps=24):
    """Points of a sine wave from x0 to x1 around height y."""
    xs = [x0 + (x1 - x0) * i / steps for i in range(steps + 1)]
    return [(x, y + amplitude * math.sin(2 * math.pi * (x - x0) / period)) for x in xs]


def steam(pen, x, y, height=70):
    for dx in (-14, 12):
        points = [(x + dx + 7 * math.sin(i / 10 * 2 * math.pi), y - height * i / 10) for i in range(11)]
        pen.line(points, fill=(255, 255, 255, 170), width=5)


# --- the illustrations, one function per motif, in the 800 × 600 picture's coordinates ------------

def draw_jar(pen, words):
    """Glazed earthenware jars of tương, fish sauce or honey, a red paper label on the big one."""
    small = [(234, 30), (244, 27), (280, 54), (316, 60), (376, 40)]  # a smaller jar behind
    ground_shadow(pen, 236, 74, y=376, ry=10)
    shaded_vessel(pen, 236, small, "#c98c4f")
    pen.ellipse((204, 226, 268, 242), fill="#8a5a30")
    pen.ellipse((218, 218, 254, 234), fill="#e9d9b5")  # a cloth-covered neck

    body = "#d9a441" if words.mentions("mat ong") else "#6e3f22"
    profile = [(150, 64), (172, 56), (222, 110), (292, 122), (390, 82)]
    ground_shadow(pen, 420, 135)
    shaded_vessel(pen, 420, profile, body)
    pen.polygon(vessel(420, profile, 172, 186), fill=(0, 0, 0, 40))  # the rim's shadow on the shoulder
    pen.ellipse((352, 136, 488, 164), fill="#4d2a16")
    pen.ellipse((352, 122, 488, 154), fill="#e8dcc0")  # cloth over the mouth
    pen.ellipse((370, 130, 470, 148), fill="#f5ecd6")
    pen.line([(356, 150), (420, 160), (484, 150)], fill="#b23a2a", width=6)  # the string round it
    # A red diamond of paper, as on a jar sold at a market.
    pen.polygon([(420, 228), (470, 278), (420, 328), (370, 278)], fill="#c4302b")
    pen.polygon([(420, 240), (458, 278), (420, 316), (382, 278)], outline="#f2c14e", width=3)
    pen.circle(420, 278, 12, fill="#f2c14e")


def draw_parcel(pen, words):
    """A square bánh chưng in dong leaves, tied with bamboo strings, on a round bamboo tray."""
    pen.ellipse((170, 336, 630, 420), fill="#b98a4e")
    pen.ellipse((184, 342, 616, 410), fill="#cfa266")
    pen.ellipse((230, 352, 570, 400), outline=(140, 95, 45, 120), width=2)
    left, right, top, bottom = 262, 498, 286, 380  # the front face
    depth_x, depth_y = 74, -62  # how far back the top face goes, drawn obliquely
    back_left, back_right = (left + depth_x, top + depth_y), (right + depth_x, top + depth_y)
    pen.polygon([(left, top), (right, top), back_right, back_left], fill="#69a94b")
    pen.polygon([(left, top), (right, top), (right, bottom), (left, bottom)], fill="#3f7d31")
    side = [(right, top), back_right, (back_right[0], bottom + depth_y), (right, bottom)]
    pen.polygon(side, fill="#2f6326")
    for i in range(1, 5):  # the leaves' veins, and their folds on the top
        y = top + (bottom - top) * i / 5
        pen.line([(left, y), (right, y)], fill=(190, 230, 160, 38), width=2)
        dx, dy = depth_x * i / 5, depth_y * i / 5
        pen.line([(left + dx, top + dy), (right + dx, top + dy)], fill=(40, 90, 30, 40), width=2)
    string = "#f1e6c2"
    for f in (1 / 3, 2 / 3):
        x = left + (right - left) * f
        pen.line([(x, bottom), (x, top), (x + depth_x, top + depth_y)], fill=string, width=6)
        dx, dy = depth_x * f, depth_y * f
        pen.line([(left + dx, top + dy), (right + dx, top + dy), (right + dx, bottom + dy)],
                 fill=string, width=6)
    pen.line([(left, top), (right, top), back_right], fill=(255, 255, 255, 70), width=2)  # light on the edges
    # A spare dong leaf on the tray.
    draw_leaf(pen, 566, 394, 26, 116, 50, colour="#4c8f3c", vein="#b8dca0", bend=-0.1)


def draw_bowl(pen, words):
    """A Bát Tràng bowl heaped with rice (green for cốm), chopsticks across it."""
    heap, grain = ("#a9cc6e", "#d7ebb0") if words.mentions("com") else ("#f7f1e1", "#d9cfb5")
    pen.line([(520, 150), (640, 368)], fill="#8a5a30", width=8)
    pen.line([(548, 142), (652, 360)], fill="#a06a3a", width=8)
    ground_shadow(pen, 400, 120)
    pen.ellipse((270, 196, 530, 300), fill=heap)
    for i, j in itertools.product(range(9), range(4)):  # grains on the heap
        x, y = 300 + i * 25 + (j % 2) * 12, 222 + j * 16
        if (x - 400) ** 2 / 130 ** 2 + (y - 252) ** 2 / 46 ** 2 < 0.8:
            pen.ellipse((x - 6, y - 3, x + 6, y + 3), fill=grain)
    pen.chord((236, 160, 564, 380), 0, 180, fill="#f6f3ec")  # the bowl
    pen.chord((236, 160, 564, 380), 20, 160, fill=(30, 60, 110, 22))
    pen.arc((236, 160, 564, 380), 8, 172, fill="#2d5a8c", width=5)
    pen.line([(236, 270), (564, 270)], fill="#2d5a8c", width=7)  # the blue rim
    pen.rectangle((360, 372, 440, 392), fill="#e8e2d4", radius=5)
    for x in (312, 400, 488):  # a blue flower on the bowl's side
        y = 318 if x == 400 else 306
        for k in range(5):
            a = k * 2 * math.pi / 5
            pen.circle(x + 10 * math.cos(a), y + 10 * math.sin(a), 7, fill="#3a6aa8")
        pen.circle(x, y, 5, fill="#f6f3ec")


def draw_plate(pen, words):
    """Cakes or sweets piled on a blue-rimmed plate: green cốm cakes, milk cakes, peanut candy,
    rice rolls..."""
    face, speck = "#e8c98e", "#b9853f"
    if words.mentions("com"):
        face, speck = "#9cc46a", "#6f9a3e"
    elif words.mentions("sua"):
        face, speck = "#f3e3bf", "#e0c48e"
    elif words.mentions("keo"):
        face, speck = "#c98a3c", "#f4e7c8"  # candy with sesame
    elif words.mentions("banh cuon"):
        face, speck = "#f8f4ec", "#9a5a2a"  # rice rolls with fried shallots
    ground_shadow(pen, 400, 220, y=386, ry=16)
    pen.ellipse((170, 326, 630, 410), fill="#f6f3ec")
    pen.ellipse((170, 326, 630, 410), outline="#2d5a8c", width=5)
    pen.ellipse((220, 342, 580, 398), outline=(45, 90, 140, 70), width=2)
    pieces = [(220, 300), (340, 304), (460, 300), (280, 238), (400, 240), (340, 176)]  # a pyramid, 3-2-1
    for number, (x, y) in enumerate(pieces):
        pen.rectangle((x, y, x + 120, y + 64), fill=face, radius=20, outline=(90, 60, 20, 70), width=2)
        pen.rectangle((x + 10, y + 5, x + 110, y + 22), fill=(255, 255, 255, 80), radius=8)
        pen.rectangle((x + 2, y + 44, x + 118, y + 62), fill=(60, 30, 0, 30), radius=16)
        for k in range(7):  # specks, placed the same way on every piece but shifted
            dx = 20 + (k * 37 + number * 11) % 80
            dy = 16 + (k * 23 + number * 7) % 32
            pen.ellipse((x + dx - 3.5, y + dy - 2.5, x + dx + 3.5, y + dy + 2.5), fill=speck)
    draw_leaf(pen, 578, 312, 40, 76, 32, colour="#4c8f3c")
    draw_leaf(pen, 584, 316, 5, 64, 28, colour="#5a9e45")


def draw_fruit(pen, words):
    """Pomelos, oranges or kumquats with their leaves; bananas as a hand."""
    if words.mentions("chuoi"):
        # A hand of bananas lying down: fingers from one crown, their tips curving up; the pink kind
        # blushes.
        ground_shadow(pen, 410, 180)
        blush = words.mentions("hong")
        for i in range(5):
            x, y = 262 + i * 4, 250 + i * 24
            outline = leaf(x, y, 16 - i * 5, 300 - i * 10, 62, bend=0.16)
            pen.polygon(outline, fill="#e6b73c" if i % 2 else "#f2cf4a", outline="#b8862e", width=2)
            pen.polygon(leaf(x + 30, y - 12, 16 - i * 5, 230 - i * 10, 16, bend=0.16),
                        fill=(255, 255, 255, 70))
            if blush:
                pen.polygon(leaf(x + 40, y + 10, 16 - i * 5, 200 - i * 10, 30, bend=0.14),
                            fill=(226, 96, 110, 60))
            tip = outline[len(outline) // 2]
            pen.circle(tip[0], tip[1], 6, fill="#5a3a1a")
        pen.polygon([(236, 238), (270, 244), (282, 360), (246, 352)], fill="#6f8f2e")  # the crown
        pen.line([(252, 244), (212, 180)], fill="#5f7d26", width=18)  # the stalk
        return
    if words.mentions("cam", "quat"):
        skin, light = "#f08a24", "#ffc07a"
        sizes = [(320, 320, 70), (470, 310, 82), (395, 250, 72)]
    else:
        skin, light = "#c9d65a", "#eef2a8"
        sizes = [(300, 318, 72), (460, 290, 104)]
    ground_shadow(pen, 400, 170)
    for cx, cy, r in sizes:
        pen.circle(cx, cy, r, fill=skin)
        pen.chord((cx - r, cy - r, cx + r, cy + r), -20, 110, fill=(120, 60, 0, 40))
        pen.circle(cx - r * 0.35, cy - r * 0.38, r * 0.22, fill=_rgba(light, 150))
        pen.circle(cx, cy - r + 4, 5, fill="#6b4b23")
    cx, cy, r = sizes[-1]
    draw_leaf(pen, cx + 4, cy - r + 2, 60, 96, 44)
    draw_leaf(pen, cx - 4, cy - r + 2, 150, 80, 38, colour="#2f7333")


def draw_teapot(pen, words):
    """A teapot and two cups; crackle-glaze cream for a tea set, brown clay otherwise."""
    clay, lid = ("#efe6d2", "#e2d6bd") if words.mentions("am chen", "ran") else ("#8b4a2b", "#7a3f23")
    tea = "#4a2a18" if words.mentions("ca phe", "ca cao") else "#c9962e"
    ground_shadow(pen, 350, 150)
    pen.arc((170, 214, 270, 320), 90, 270, fill=clay, width=18)  # handle
    pen.polygon([(420, 292), (470, 248), (512, 198), (524, 206), (490, 262), (442, 326)], fill=clay)  # spout
    pen.ellipse((226, 206, 454, 384), fill=clay)
    pen.chord((226, 206, 454, 384), -70, 80, fill=(40, 20, 10, 40))
    pen.ellipse((250, 236, 300, 300), fill=(255, 255, 255, 60))
    pen.chord((276, 168, 404, 244), 180, 360, fill=lid)
    pen.ellipse((276, 196, 404, 216), fill=lid)
    pen.circle(340, 168, 14, fill=lid)
    if clay == "#efe6d2":  # crackle glaze
        for points in ([(280, 250), (300, 290), (290, 330)], [(380, 240), (360, 300), (392, 350)],
                       [(300, 290), (340, 300), (360, 300)], [(330, 340), (360, 372)]):
            pen.line(points, fill=(120, 100, 70, 90), width=2)
    for cx in (560, 650):
        ground_shadow(pen, cx, 52, ry=8)
        pen.chord((cx - 48, 300, cx + 48, 396), 0, 180, fill=clay)
        pen.ellipse((cx - 48, 336, cx + 48, 360), fill=clay)
        pen.ellipse((cx - 40, 339, cx + 40, 357), fill=tea)
        pen.rectangle((cx - 20, 384, cx + 20, 394), fill=lid, radius=3)
    steam(pen, 560, 326)


def draw_bottle(pen, words):
    """A glass bottle with a cork and a red cloth, and a small cup: rượu, water, milk or juice."""
    liquid = "#e9b24a"  # rice or corn spirit
    if words.mentions("mo"):
        liquid = "#d9792b"
    elif words.mentions("sua"):
        liquid = "#fbf7ee"
    elif words.mentions("nuoc uong", "dong chai"):
        liquid = "#a9d6ee"
    elif words.mentions("buoi"):
        liquid = "#f0df7a"
    profile = [(112, 20), (170, 22), (226, 84), (250, 90), (386, 88)]
    ground_shadow(pen, 380, 110)
    pen.polygon(vessel(380, profile), fill=(235, 245, 245, 140))
    pen.polygon(vessel(380, profile, 236, 386), fill=_rgba(liquid, 235))
    pen.polygon(vessel(380, profile, 236, 386, left=0.4), fill=(60, 30, 0, 40))
    pen.polygon(vessel(380, profile, 150, 372, left=-0.75, right=-0.55), fill=(255, 255, 255, 120))
    pen.polygon(vessel(380, profile), outline=(90, 110, 120, 160), width=3)
    pen.rectangle((362, 88, 398, 122), fill="#b98a57", radius=5)  # cork
    pen.polygon([(352, 120), (408, 120), (428, 150), (380, 142), (336, 152)], fill="#c4302b")
    pen.rectangle((318, 272, 442, 346), fill="#fbf3e2", radius=6)  # the bottle's label
    pen.rectangle((326, 280, 434, 338), outline="#c4302b", width=3, radius=4)
    for i in range(3):
        pen.line([(344, 296 + i * 14), (416, 296 + i * 14)], fill=(120, 60, 40, 140), width=4)
    cx = 560  # a small ceramic cup, filled
    ground_shadow(pen, cx, 50, ry=8)
    pen.chord((cx - 46, 308, cx + 46, 396), 0, 180, fill="#f3efe6")
    pen.ellipse((cx - 46, 342, cx + 46, 364), fill="#f3efe6")
    pen.ellipse((cx - 38, 345, cx + 38, 361), fill=liquid)
    pen.line([(cx - 44, 372), (cx + 44, 372)], fill="#2d5a8c", width=3)


def draw_herbs(pen, words):
    """A sprig of medicinal leaves and an amber dropper bottle."""
    ground_shadow(pen, 390, 170)
    pen.line([(300, 390), (290, 300), (318, 200), (362, 120)], fill="#5b7a2e", width=7)
    for x, y, angle, length in ((292, 330, 165, 110), (296, 300, 30, 100), (300, 250, 150, 104),
                                (316, 208, 50, 96), (336, 160, 140, 86), (352, 134, 70, 72)):
        draw_leaf(pen, x, y, angle, length, length * 0.45, colour="#3f8a3a")
    pen.line([(250, 390), (232, 320), (208, 260)], fill="#5b7a2e", width=5)
    for x, y, angle in ((236, 330, 110), (222, 290, 170), (212, 266, 95)):
        draw_leaf(pen, x, y, angle, 70, 30, colour="#5a9e45")
    profile = [(206, 26), (222, 26), (246, 66), (262, 70), (390, 70)]
    shaded_vessel(pen, 480, profile, "#a05a1c", gloss=90)
    pen.rectangle((456, 150, 504, 208), fill="#2c2c2c", radius=6)  # dropper cap
    pen.ellipse((462, 120, 498, 160), fill="#3a3a3a")
    pen.rectangle((424, 286, 536, 354), fill="#f4ecd8", radius=6)
    draw_leaf(pen, 452, 334, 45, 56, 24, colour="#3f8a3a")
    pen.line([(492, 306), (522, 306)], fill=(90, 60, 30, 160), width=4)
    pen.line([(492, 322), (516, 322)], fill=(90, 60, 30, 160), width=4)
    for x, y, r in ((586, 376, 9), (610, 382, 6), (566, 386, 5)):  # loose seeds
        pen.circle(x, y, r, fill="#7a4a22")


def draw_vase(pen, words):
    """A Bát Tràng vase, blue on white (or flambé red, or ash-glaze celadon), and a small bowl."""
    body, paint = "#f4f0e6", "#274f8f"
    if words.mentions("hoa bien"):
        body, paint = "#a8324a", "#5b1e5e"
    elif words.mentions("men tro"):
        body, paint = "#b9c4a2", "#56663d"
    profile = [(104, 46), (118, 38), (156, 30), (226, 102), (290, 108), (392, 62)]
    ground_shadow(pen, 380, 110)
    shaded_vessel(pen, 380, profile, body, shade=36)
    pen.ellipse((334, 96, 426, 114), fill=_rgba(paint, 255))
    pen.ellipse((340, 99, 420, 111), fill=(0, 0, 0, 70))
    for top, bottom in ((122, 132), (196, 206), (348, 358), (370, 376)):
        pen.polygon(vessel(380, profile, top, bottom), fill=paint)
    # A lotus painted on the belly: petals fanned from one point.
    for angle in (40, 65, 90, 115, 140):
        pen.polygon(leaf(380, 300, angle, 70, 34, bend=0), fill=_rgba(paint, 235))
    pen.line([(380, 300), (380, 342)], fill=paint, width=4)
    for x in (318, 442):
        pen.polygon(leaf(x, 322, 90 + (x - 380) / 2, 38, 18, bend=0), fill=_rgba(paint, 200))
    cx = 560  # a small bowl beside it
    ground_shadow(pen, cx, 66, ry=9)
    pen.chord((cx - 64, 294, cx + 64, 398), 0, 180, fill=body)
    pen.ellipse((cx - 64, 334, cx + 64, 354), fill=body)
    pen.ellipse((cx - 56, 337, cx + 56, 351), fill=(0, 0, 0, 30))
    pen.arc((cx - 64, 294, cx + 64, 398), 20, 160, fill=paint, width=3)


def draw_silk(pen, words):
    """Bolts of silk in lacquer red, gold and jade, a length of it flowing out."""
    colours = [("#c4302b", "#e25a4f"), ("#d9a441", "#f2c979"), ("#2f7d6a", "#58a893")]
    ground_shadow(pen, 380, 190)
    for i, (dark, light) in enumerate(colours):
        y = 330 - i * 64
        pen.rectangle((230 + i * 16, y, 520 + i * 16, y + 60), fill=dark, radius=28)
        pen.rectangle((236 + i * 16, y + 6, 514 + i * 16, y + 24), fill=_rgba(light, 160), radius=10)
        pen.ellipse((494 + i * 16, y, 546 + i * 16, y + 60), fill=light)
        pen.ellipse((512 + i * 16, y + 20, 528 + i * 16, y + 40), fill=dark)
    upper = wave(240, 660, 344, 18, 240)
    lower = [(x, y + 40) for x, y in wave(240, 660, 344, 22, 210)]
    pen.polygon(upper + lower[::-1], fill="#e07a96")
    pen.line(upper, fill=(255, 255, 255, 120), width=3)
    for x in range(290, 650, 60):  # a woven pattern along the length
        y = 364 + 18 * math.sin(2 * math.pi * (x - 240) / 240)
        pen.polygon([(x, y - 8), (x + 8, y), (x, y + 8), (x - 8, y)], fill="#f2c14e")


def draw_hat(pen, words):
    """A nón lá: a palm-leaf cone with its rings, and its ribbon."""
    ground_shadow(pen, 400, 200, y=388, ry=18)
    pen.arc((250, 260, 470, 420), 10, 170, fill="#c4302b", width=6)  # the chin ribbon
    pen.polygon([(400, 118), (206, 340), (594, 340)], fill="#ead7a4")
    pen.chord((206, 318, 594, 366), 0, 180, fill="#dcc48a")
    pen.polygon([(400, 118), (420, 340), (594, 340)], fill=(120, 80, 20, 36))
    for i in range(1, 9):  # the rings of the frame
        t = i / 9
        y = 118 + t * 222
        pen.line([(400 - 194 * t, y), (400 + 194 * t, y)], fill=(160, 120, 60, 90), width=2)
    for x in range(226, 594, 28):  # the leaves' ribs
        pen.line([(400, 118), (x, 340)], fill=(255, 255, 255, 50), width=2)


def draw_fan(pen, words):
    """A dó-paper fan, open, on its bamboo ribs."""
    box = (170, 110, 630, 570)
    ground_shadow(pen, 400, 90, y=386)
    stripes = ["#f4e6c8", "#efdcb4"]
    for i in range(12):
        pen.pieslice(box, 195 + i * 12.5, 195 + (i + 1) * 12.5, fill=stripes[i % 2])
    pen.arc(box, 195, 345, fill="#c4302b", width=10)
    pen.pieslice((300, 240, 500, 440), 195, 345, fill="#c99a5b")  # the bare ribs below the paper
    for i in range(13):
        a = math.radians(195 + i * 12.5)
        pen.line([(400 + 100 * math.cos(a), 340 + 100 * math.sin(a)), (400, 360)], fill="#7a4a22", width=5)
    for i, (dx, dy) in enumerate(((-120, -150), (-40, -190), (60, -170), (130, -120))):  # painted blossoms
        for k in range(5):
            a = k * 2 * math.pi / 5
            pen.circle(400 + dx + 11 * math.cos(a), 340 + dy + 11 * math.sin(a), 8, fill="#e07a96")
        pen.circle(400 + dx, 340 + dy, 5, fill="#f2c14e")
    pen.circle(400, 360, 10, fill="#5a3a1a")


def draw_basket(pen, words):
    """A woven rattan basket."""
    ground_shadow(pen, 400, 170)
    pen.arc((240, 120, 560, 380), 200, 340, fill="#8a5a30", width=12)  # handle
    pen.polygon([(236, 236), (564, 236), (520, 386), (280, 386)], fill="#c8955a")
    for i in range(8):  # the weave: rows of alternating strands
        y = 244 + i * 18
        inset = (y - 236) / 150 * 44
        pen.line([(240 + inset, y), (560 - inset, y)], fill=(110, 70, 30, 110), width=3)
    for i in range(13):
        x = 250 + i * 25
        pen.line([(x, 238), (x + (400 - x) * 0.28, 384)], fill=(255, 230, 180, 90), width=3)
    pen.ellipse((228, 224, 572, 252), fill="#a87440")
    pen.ellipse((240, 228, 560, 246), fill="#6b4424")


def draw_lacquer(pen, words):
    """A red-lacquer box with a gold border and a mother-of-pearl flower on its lid."""
    ground_shadow(pen, 400, 180)
    front = [(240, 280), (520, 280), (520, 384), (240, 384)]
    top = [(240, 280), (520, 280), (580, 210), (300, 210)]
    side = [(520, 280), (580, 210), (580, 314), (520, 384)]
    pen.polygon(front, fill="#8c1f1f")
    pen.polygon(side, fill="#5e1414")
    pen.polygon(top, fill="#2a1a16")
    pen.polygon([(262, 272), (508, 272), (556, 218), (310, 218)], outline="#d9a441", width=3)
    pen.line([(240, 300), (520, 300)], fill="#d9a441", width=3)
    pen.line([(520, 300), (580, 230)], fill="#b8862e", width=3)
    cx, cy = 410, 245  # the inlay, flattened to lie on the lid
    for k in range(6):
        a = k * math.pi / 3
        pen.ellipse((cx + 26 * math.cos(a) - 18, cy + 12 * math.sin(a) - 8,
                     cx + 26 * math.cos(a) + 18, cy + 12 * math.sin(a) + 8), fill=(236, 240, 246, 235))
    pen.ellipse((cx - 10, cy - 5, cx + 10, cy + 5), fill="#d9a441")
    for x, y in ((330, 232), (490, 258), (350, 262)):
        pen.ellipse((x - 9, y - 4, x + 9, y + 4), fill=(220, 235, 240, 200))
    for x in (290, 360, 430, 500):  # gold on the front
        pen.polygon([(x, 330), (x + 12, 342), (x, 354), (x - 12, 342)], fill="#d9a441")


def draw_blossom(pen, words):
    """A flowering branch: peach blossom for Tết (or roses, orchids, chrysanthemums)."""
    petal, heart = "#f4a3b8", "#c2185b"
    if words.mentions("hoa hong"):
        petal, heart = "#e0475a", "#9c1c2c"
    elif words.mentions("lan"):
        petal, heart = "#e6c6f0", "#8e3fae"
    elif words.mentions("cuc"):
        petal, heart = "#f5c542", "#b26b00"
    pen.line([(180, 400), (260, 320), (340, 270), (440, 190), (560, 120)], fill="#5a3a26", width=16)
    pen.line([(340, 270), (400, 300), (500, 300), (600, 260)], fill="#5a3a26", width=10)
    pen.line([(260, 320), (240, 240), (270, 160)], fill="#5a3a26", width=9)
    pen.line([(440, 190), (470, 130), (460, 90)], fill="#5a3a26", width=7)
    for x, y, angle in ((300, 290, 120), (470, 300, -30), (520, 150, 60), (250, 210, 170), (580, 262, 10)):
        draw_leaf(pen, x, y, angle, 50, 22, colour="#5d9a45")
    flowers = [(262, 312, 30), (336, 262, 34), (420, 206, 32), (540, 130, 28), (250, 200, 26),
               (270, 152, 24), (470, 128, 22), (420, 300, 30), (520, 300, 28), (598, 258, 26),
               (362, 318, 22)]
    for x, y, r in flowers:
        for k in range(5):
            a = k * 2 * math.pi / 5 + x
            pen.circle(x + r * 0.55 * math.cos(a), y + r * 0.55 * math.sin(a), r * 0.55, fill=petal)
        pen.circle(x, y, r * 0.32, fill=heart)
        for k in range(5):
            a = k * 2 * math.pi / 5 + x + 0.6
            stamen = (x + r * 0.6 * math.cos(a), y + r * 0.6 * math.sin(a))
            pen.line([(x, y), stamen], fill="#f2c14e", width=2)
    for x, y in ((200, 370), (610, 232), (486, 104), (224, 258)):  # buds
        pen.ellipse((x - 8, y - 11, x + 8, y + 11), fill=heart)


def draw_koi(pen, words):
    """Two koi in a pond among lily pads."""
    pen.ellipse((140, 130, 660, 410), fill="#bfe1ea")
    for box in ((220, 180, 420, 260), (380, 300, 600, 380), (180, 290, 300, 350)):
        pen.arc(box, 200, 340, fill=(255, 255, 255, 150), width=3)
    for cx, cy, r in ((540, 200, 48), (250, 330, 40)):
        pen.pieslice((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), 30, 330, fill="#4c8f3c")
    # Each fish drawn from its head backwards: the body is widest near the head, the tail fans out.
    for x, y, angle, patch in ((470, 214, 170, "#e8552b"), (330, 336, -10, "#f08a24")):
        a = math.radians(angle)
        ux, uy = math.cos(a), -math.sin(a)
        length = 160
        tail_x, tail_y = x + ux * length * 0.96, y + uy * length * 0.96
        for spread in (24, -24):
            pen.polygon(leaf(tail_x, tail_y, angle + spread, 58, 36, bend=0.08 * (1 if spread > 0 else -1)),
                        fill=_rgba(patch, 225))
        for spread in (70, -70):  # fins
            pen.polygon(leaf(x + ux * 40, y + uy * 40, angle + 180 - spread, 34, 20, bend=0),
                        fill=(255, 255, 255, 200))
        pen.polygon(leaf(x, y, angle, length, 62, bend=0.05), fill="#fbf6ee")
        for t, size in ((0.3, 24), (0.58, 18)):
            px, py = x + ux * length * t, y + uy * length * t
            pen.ellipse((px - size, py - size * 0.62, px + size, py + size * 0.62), fill=patch)
        pen.circle(x + ux * 14 - uy * 9, y + uy * 14 + ux * 9, 3.5, fill="#1f2328")


def draw_pagoda(pen, words):
    """A village temple with curved, upturned roofs, under a sun, among hills and a tree."""
    pen.circle(580, 150, 52, fill=(246, 196, 83, 210))
    pen.ellipse((60, 280, 420, 520), fill="#b7c793")
    pen.ellipse((340, 300, 780, 520), fill="#9fb37f")
    pen.ellipse((90, 360, 720, 470), fill="#c9d4a2")
    pen.rectangle((150, 290, 166, 392), fill="#6b4424")  # a banyan by the temple
    for x, y, r in ((130, 270, 44), (180, 252, 50), (150, 226, 40), (206, 288, 36), (120, 300, 32)):
        pen.circle(x, y, r, fill="#3f7a3a")
    pen.circle(170, 238, 22, fill=(255, 255, 255, 30))
    pen.rectangle((250, 372, 550, 394), fill="#d9c7a0")  # platform
    pen.rectangle((280, 282, 520, 372), fill="#8c4a2b")  # wall
    pen.rectangle((372, 300, 428, 372), fill="#4a2414", radius=4)  # door
    for x in (290, 348, 452, 510):
        pen.rectangle((x - 7, 282, x + 7, 372), fill="#b3372b")
    lower_roof = [(214, 258), (248, 284), (552, 284), (586, 258), (538, 236), (262, 236)]
    pen.polygon(lower_roof, fill="#a0522d")
    pen.line([(232, 276), (248, 284), (552, 284), (568, 276)], fill="#6b3420", width=5)
    pen.rectangle((318, 196, 482, 238), fill="#8c4a2b")
    pen.rectangle((386, 206, 414, 230), fill="#f2c14e", radius=3)
    upper_roof = [(266, 178), (300, 200), (500, 200), (534, 178), (476, 150), (324, 150)]
    pen.polygon(upper_roof, fill="#a0522d")
    pen.line([(284, 192), (300, 200), (500, 200), (516, 192)], fill="#6b3420", width=5)
    pen.line([(318, 150), (482, 150)], fill="#6b3420", width=7)
    for x in (266, 534, 214, 586):  # the curled tips of the eaves
        y = 178 if x in (266, 534) else 258
        pen.circle(x, y - 6, 7, fill="#6b3420")
    pen.circle(400, 138, 11, fill="#f2c14e")  # the pearl on the ridge
    pen.line([(212, 392), (590, 392)], fill=(90, 60, 20, 60), width=3)


MOTIFS = {
    "jar": draw_jar, "parcel": draw_parcel, "plate": draw_plate, "bowl": draw_bowl, "fruit": draw_fruit,
    "teapot": draw_teapot, "bottle": draw_bottle, "herbs": draw_herbs, "vase": draw_vase, "silk": draw_silk,
    "hat": draw_hat, "fan": draw_fan, "basket": draw_basket, "lacquer": draw_lacquer, "blossom": draw_blossom,
    "koi": draw_koi, "pagoda": draw_pagoda,
}


# --- background, label, name ------------------------------------------------------------------

@dataclass(frozen=True)
class Backdrop:
    """What every picture of a group shares, at drawing scale, made once: the background, and the
    label with its shadow as a patch laid over the illustration (a translucent shape this size
    costs more to blend than to paste)."""

    background: Image.Image  # callers draw on a copy
    label: Image.Image
    label_mask: Image.Image
    label_origin: tuple[int, int]


@functools.lru_cache(maxsize=16)
def _backdrop(palette: Palette) -> Backdrop:
    size = (SIZE[0] * SCALE, SIZE[1] * SCALE)
    gradient = Image.linear_gradient("L").resize(size)
    top, bottom = Image.new("RGB", size, palette.paper_top), Image.new("RGB", size, palette.paper_bottom)
    background = Image.composite(bottom, top, gradient)
    pen = Pen(background)
    pattern = _rgba(palette.deep, 20)
    for row in range(16):  # small diamonds on a staggered grid, like a printed wrapping paper
        for column in range(22):
            x = column * 40 + (20 if row % 2 else 0)
            y = row * 40 + 10
            pen.polygon([(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)], fill=pattern)
    pen.circle(400, 262, 196, fill=_rgba(palette.halo, 200))
    pen.circle(400, 262, 212, outline=_rgba(palette.deep, 26), width=2)

    left, top, right, bottom = LABEL_BOX
    shadow = (left, top + 6, right, bottom + 6)
    labelled = background.copy()
    pen = Pen(labelled)
    pen.rectangle(shadow, fill=(60, 30, 10, 30), radius=22)
    pen.rectangle(LABEL_BOX, fill=LABEL_PAPER, radius=22)
    pen.rectangle((left + 8, top + 8, right - 8, bottom - 8), outline=_rgba(palette.deep, 60), width=2,
                  radius=16)
    mask = Image.new("L", size, 0)
    shape = ImageDraw.Draw(mask)
    for box in (shadow, LABEL_BOX):
        shape.rounded_rectangle([v * SCALE for v in box], radius=22 * SCALE, fill=255)
    region = (left * SCALE, top * SCALE, right * SCALE, (bottom + 6) * SCALE)
    return Backdrop(background, labelled.crop(region), mask.crop(region), region[:2])


def _draw_star_badge(pen: Pen, palette: Palette, stars: int):
    pitch, radius = 38, 15
    half = (stars * pitch + 22) / 2
    pen.rectangle((400 - half, BADGE_CENTRE_Y - 23, 400 + half, BADGE_CENTRE_Y + 23), fill=palette.deep,
                  radius=23)
    for i in range(stars):
        cx = 400 + (i - (stars - 1) / 2) * pitch
        pen.polygon(star_points(cx, BADGE_CENTRE_Y + 1, radius, radius * 0.45), fill=STAR_GOLD)


@functools.lru_cache(maxsize=32)
def _name_font(size: int) -> ImageFont.FreeTypeFont:
    # The basic layout is enough for composed (NFC) Vietnamese and does not depend on libraqm.
    return ImageFont.truetype(str(NAME_FONT), size, layout_engine=ImageFont.Layout.BASIC)


def _wrapped_lines(words: list[str], font, width: float) -> list[str]:
    """``words`` on as many lines of at most ``width`` as they need (a longer word stays whole)."""
    lines = []
    for word in words:
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _balanced_lines(words: list[str], count: int, font) -> list[str]:
    """``words`` on ``count`` lines, split where the longest line is shortest (so a name does not
    leave one word alone on its last line)."""
    best = None
    for cuts in itertools.combinations(range(1, len(words)), count - 1):
        lines = [" ".join(words[a:b]) for a, b in itertools.pairwise((0, *cuts, len(words)))]
        longest = max(font.getlength(line) for line in lines)
        if best is None or longest < best[0]:
            best = (longest, lines)
    return best[1]


def _shortened(line: str, font, width: float) -> str:
    while line and font.getlength(line + "…") > width:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
    return line + "…"


def fit_name(name: str, box=NAME_BOX) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest font size (44 px down to 22) at which ``name`` fits the box, on at most 3
    lines, balanced; a name too long even then is cut short with an ellipsis."""
    width, height = box[2] - box[0], box[3] - box[1]
    words = name.split() or [""]
    for size in range(44, 21, -2):
        font = _name_font(size)
        lines = _wrapped_lines(words, font, width)
        fits = max(font.getlength(line) for line in lines) <= width
        if fits and len(lines) <= min(3, int(height // (size * 1.2))):
            # Trying every split costs little for a name's handful of words.
            return font, (_balanced_lines(words, len(lines), font) if len(words) <= 16 else lines)
    lines = lines[:3]
    if len(lines) < len(_wrapped_lines(words, font, width)):
        lines[-1] = _shortened(lines[-1], font, width)
    return font, [line if font.getlength(line) <= width else _shortened(line, font, width) for line in lines]


def _draw_name(image: Image.Image, name: str, colour: str):
    font, lines = fit_name(name)
    draw = ImageDraw.Draw(image)
    line_height = font.size * 1.2
    first = (NAME_BOX[1] + NAME_BOX[3]) / 2 - line_height * (len(lines) - 1) / 2
    for i, line in enumerate(lines):
        draw.text((SIZE[0] / 2, first + i * line_height), line, font=font, fill=colour, anchor="mm")


def draw_placeholder(name: str, group_code: str, stars: int | None = None) -> Image.Image:
    """The picture itself (RGB, 800 × 600): see the module's docstring."""
    name = unicodedata.normalize("NFC", " ".join(str(name).split()))
    palette = PALETTES.get(group_code, NEUTRAL)
    backdrop = _backdrop(palette)
    canvas = backdrop.background.copy()
    pen = Pen(canvas)
    MOTIFS[motif_for(name, group_code)](pen, NameWords(name))
    canvas.paste(backdrop.label, backdrop.label_origin, backdrop.label_mask)  # over what reaches below
    if stars:
        _draw_star_badge(pen, palette, stars)
    image = canvas.reduce(SCALE)
    _draw_name(image, name, palette.deep)
    return image


def placeholder_card(name: str, group_code: str, stars: int | None = None) -> ContentFile:
    """A JPEG picture for ``name``; stored through the image field like any upload."""
    buffer = io.BytesIO()
    draw_placeholder(name, group_code, stars).save(buffer, format="JPEG", quality=88)
    return ContentFile(buffer.getvalue(), name=f"{slugify_vi(name)[:60] or 'ocop'}.jpg")
