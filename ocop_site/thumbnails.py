"""Responsive renditions of stored photos: WebP copies at a few fixed widths, made once.

A photo stored as ``products/2026/11/<random>.jpg`` (3000 px wide, scaled to 2560 on upload) gets
``products/2026/11/<random>.w320.webp``, ``.w640.webp``, ``.w960.webp`` and ``.w1280.webp`` next to
it. Pages show those with ``srcset`` (the ``{% responsive_image %}`` tag in
``catalogue/templatetags/images.py``); the original is only ever linked ("view full size").

Why this design rather than sorl-thumbnail or easy-thumbnails:

- **No query per image.** Public pages run at most 8 SQL queries whatever the data size. Both
  libraries find a thumbnail through a lookup per image (sorl's key-value store, easy-thumbnails'
  ``Thumbnail`` rows) and create it on first view. Here a rendition's name follows from the
  original's name and its width, which is stored on the row (``width_field``/``height_field``), so
  the template builds every URL with ``storage.url()``: no query, no file-system or network I/O.
- **Made once, when the photo is stored.** ``SafeImageField.pre_save`` (``ocop_site/uploads.py``)
  is the only way a photo gets stored (admin, ModelForms, imports and demo data assigned in code),
  and it has just re-encoded the pixels, so it makes the renditions there; a page view never
  resizes anything. ``manage.py make_thumbnails`` makes the missing ones for photos stored before.
- **Storage API only** (``open``, ``save``, ``exists``, ``delete``, ``url``): the same code works on
  the local ``MEDIA_ROOT`` and on S3-compatible storage (django-storages).
- **Never upscaled.** A photo narrower than a width gets, instead of that width, one rendition at
  its own width: an 800 px photo has ``w320``, ``w640`` and ``w800``.
- **No orphans.** When a row is deleted or its photo replaced, the old photo's renditions are
  deleted after the transaction commits, unless another row still uses that photo (an event
  duplicated as next year's edition shares its cover). The originals themselves stay: the change
  history (django-simple-history) points at them, and a restored version gets its renditions
  back when it is saved.

Widths: cards on list pages are 240-480 CSS px wide (``card-grid``: columns of at least 15rem),
the product page's main photo at most ~570 px (half of the 1200 px container), an event cover the
same, gallery thumbnails ~100 px. At 1x and 2x screens that asks for 240-1150 device pixels:
320 (gallery thumbnails at 2x, small cards at 1x), 640 (cards at 2x, the main photo at 1x),
960 (phones at 2-2.5x: 375-430 CSS px wide, without it they would fetch 1280, ~1.7x the bytes) and
1280 (the main photo at 2x). Larger would only serve 3x phones a little sharper. WebP at quality
80: every browser we support shows it, and it is 25-35% smaller than a JPEG of the same quality.
"""

from __future__ import annotations

import io
import logging
import posixpath
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (320, 640, 960, 1280)
# The plain ``src`` (browsers without srcset, crawlers): what a card or a photo on a page needs.
DEFAULT_WIDTH = 640
WEBP_OPTIONS = {"quality": 80, "method": 4}
# The parsers allowed to read a stored original (the upload checks allow only these formats).
PARSERS = ["JPEG", "PNG", "WEBP"]


class RenditionError(Exception):
    """The original could not be read or decoded (missing, damaged, not an image)."""


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int


def rendition_widths(original_width: int) -> list[int]:
    """The widths made for a photo ``original_width`` pixels wide: never wider than the photo."""
    return sorted({min(width, original_width) for width in WIDTHS})


def rendition_name(name: str, width: int) -> str:
    """``products/2026/11/ab12.jpg`` -> ``products/2026/11/ab12.w640.webp``."""
    stem, _extension = posixpath.splitext(name)
    return f"{stem}.w{width}.webp"


def rendition_height(original_width: int, original_height: int, width: int) -> int:
    return max(1, round(original_height * width / original_width))


def renditions_of(name: str, original_width: int | None, original_height: int | None) -> list[Rendition]:
    """Every rendition a photo of this name and size has (smallest first); none if its size is unknown."""
    if not name or not original_width or not original_height:
        return []
    return [Rendition(rendition_name(name, width), width,
                      rendition_height(original_width, original_height, width))
            for width in rendition_widths(original_width)]


def decode(data: bytes) -> Image.Image:
    """The stored original's pixels, upright. Raises RenditionError if it cannot be decoded."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=PARSERS)
            image.load()
        except Exception as error:  # noqa: BLE001 -- truncated, damaged, not an image, a bomb
            raise RenditionError(f"cannot decode the image: {error}") from None
    return ImageOps.exif_transpose(image)


def read(storage, name: str) -> bytes:
    try:
        with storage.open(name, "rb") as stored:
            return stored.read()
    except Exception as error:  # noqa: BLE001 -- missing file, storage errors (S3 NoSuchKey, ...)
        raise RenditionError(f"cannot read {name}: {error}") from None


def _encode(image: Image.Image, width: int, height: int, icc_profile) -> bytes:
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    options = dict(WEBP_OPTIONS)
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(buffer, format="WEBP", **options)
    return buffer.getvalue()


def make_renditions(storage, name: str, data: bytes | None = None, *, replace: bool = False
                    ) -> tuple[int, tuple[int, int]]:
    """Store the renditions of the original ``name`` that are missing (all of them if ``replace``).

    ``data`` is the original's bytes when the caller has them (just uploaded); otherwise they are
    read from storage. Returns how many renditions were written and the original's (width, height).
    Raises RenditionError if the original cannot be read or decoded.
    """
    image = decode(read(storage, name) if data is None else data)
    original_size = image.size
    icc_profile = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    try:
        # Convert once: resampling needs RGB(A) (a palette image would be resized pixel by pixel).
        image = image.convert("RGBA" if has_alpha else "RGB")
    except Exception as error:  # noqa: BLE001 -- an exotic pixel mode
        raise RenditionError(f"cannot convert the image: {error}") from None
    written = 0
    for rendition in renditions_of(name, *original_size):
        if storage.exists(rendition.name):
            if not replace:
                continue
            storage.delete(rendition.name)  # else save() would pick another name
        try:
            encoded = _encode(image, rendition.width, rendition.height, icc_profile)
        except Exception as error:  # noqa: BLE001
            raise RenditionError(f"cannot encode {rendition.name}: {error}") from None
        saved = storage.save(rendition.name, ContentFile(encoded))
        if saved != rendition.name:  # someone else wrote it meanwhile: keep one copy, ours is equal
            storage.delete(saved)
        written += 1
    return written, original_size


def missing_renditions(storage, name: str, width: int | None, height: int | None) -> bool:
    """Whether any rendition of ``name`` is missing (True when its size is unknown)."""
    expected = renditions_of(name, width, height)
    return not expected or any(not storage.exists(rendition.name) for rendition in expected)


def delete_renditions(storage, name: str, width: int | None) -> int:
    """Delete every rendition ``name`` may have; returns how many existed. Never raises."""
    candidates = {rendition_name(name, w) for w in WIDTHS}
    if width:
        candidates.update(rendition_name(name, w) for w in rendition_widths(width))
    deleted = 0
    for candidate in sorted(candidates):
        try:
            if storage.exists(candidate):
                storage.delete(candidate)
                deleted += 1
        except Exception:  # noqa: BLE001 -- a storage hiccup must not turn a delete into an error page
            logger.exception("could not delete the rendition %s", candidate)
    return deleted
