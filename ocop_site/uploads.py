"""Safe image uploads, for every model that stores a photo (product images, showrooms, events).

An upload is trusted for nothing: not its name, not its Content-Type, not its extension. It is
accepted only if Pillow decodes it completely as a JPEG, PNG or WebP of sane size, and what we
store is a fresh encoding of the decoded pixels under a random name, so:

- polyglots (a JPEG with HTML or a ZIP appended, a GIF that is also JavaScript) lose everything
  that is not pixels, and SVG/HTML never get in (they could run script from our origin);
- EXIF, GPS, XMP and comments (a producer's home address in a phone photo) are dropped; the
  photo is first turned upright from its EXIF orientation so it does not end up sideways;
- decompression bombs (a tiny file declaring 30,000 × 30,000 pixels) are refused before any
  pixel is decoded.

Use :class:`SafeImageField` instead of ``models.ImageField``. Its form field does the checks and
the re-encoding (so the admin and any ModelForm show a clear form error), and its ``pre_save``
does the same for files assigned in code (imports, demo data), which then raise
``ValidationError`` instead of storing an unchecked file.

Give it ``width_field`` and ``height_field``: once stored, a photo also gets its WebP renditions
for ``srcset`` (``ocop_site/thumbnails.py`` explains the design), which pages find from the
name and the stored size alone.
"""

from __future__ import annotations

import io
import logging
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import signals
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from ocop_site import thumbnails

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# 50 megapixels: a full-resolution 48 MP phone photo (8000 × 6000) fits; decoding one takes at
# most ~200 MB of memory. Pillow itself warns above this and refuses twice this.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
Image.init()  # register every plugin now: open(formats=[...]) looks them up by name
logger = logging.getLogger(__name__)
# Stored photos are at most this wide or tall: plenty for a product page, and it bounds storage.
MAX_STORED_SIDE = 2560

# Pillow format -> (format we store, extension). MPO is the multi-picture JPEG some cameras write.
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}
# The parsers that may look at an upload (JPEG's also recognises MPO).
PARSERS = ["JPEG", "PNG", "WEBP"]
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
# What markup (SVG, HTML, XML) starts with, after optional whitespace and a byte-order mark.
MARKUP_STARTS = (b"<", b"\xef\xbb\xbf<")

MESSAGES = {
    "too_large": _("This file is %(size)s; a photo can be at most %(limit)s. Export a smaller copy and "
                   "upload that."),
    "markup": _("Drawings (SVG) and web pages (HTML) are not accepted. Upload a photo in JPEG, PNG or "
                "WebP format."),
    "not_an_image": _("This file is not a JPEG, PNG or WebP image. Upload a photo in one of these formats."),
    "too_many_pixels": _("This image has too many pixels (at most %(megapixels)s megapixels are accepted). "
                         "Resize it and upload it again."),
    "damaged": _("This image is damaged or incomplete. Export it again and upload the new file."),
}


def _error(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _read(file) -> bytes:
    """The upload's bytes (at most MAX_UPLOAD_BYTES of them, checked by the caller)."""
    if hasattr(file, "seek"):
        file.seek(0)
    if hasattr(file, "chunks"):
        data = b"".join(file.chunks())
    else:
        data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _check_size(file) -> None:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise _error("too_large", size=filesizeformat(size), limit=filesizeformat(MAX_UPLOAD_BYTES))


def open_verified_image(file) -> tuple[Image.Image, str]:
    """Decode ``file`` completely; return the loaded image and its Pillow format name.

    Raises a ``ValidationError`` whose message says what is wrong and what to do instead.
    """
    _check_size(file)
    data = _read(file)
    if data.lstrip(b" \t\r\n").startswith(MARKUP_STARTS):
        raise _error("markup")
    megapixels = MAX_PIXELS // 1_000_000
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse those too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Image.open reads the header only: the format and declared size, no pixels yet.
            # Only our formats' parsers ever see the bytes (no EPS, PSD, ICO, ... code paths).
            with Image.open(io.BytesIO(data), formats=PARSERS) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in ACCEPTED_FORMATS:
                    raise _error("not_an_image")
                if width * height > MAX_PIXELS:
                    raise _error("too_many_pixels", megapixels=megapixels)
                probe.verify()  # structure and checksums (PNG chunks' CRCs and the like)
            # verify() leaves the image unusable; open it again and decode every pixel.
            image = Image.open(io.BytesIO(data), formats=PARSERS)
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _error("too_many_pixels", megapixels=megapixels) from None
        except Image.UnidentifiedImageError:
            raise _error("not_an_image") from None
        except Exception:  # noqa: BLE001 -- truncated data, bad chunks, decoder errors of any kind
            raise _error("damaged") from None
    return image, image_format


def reencode_image(image: Image.Image, source_format: str) -> ContentFile:
    """A fresh encoding of ``image``'s pixels, upright, without metadata, under a random name."""
    out_format, extension = ACCEPTED_FORMATS[source_format]
    icc_profile = image.info.get("icc_profile")  # colour data, not personal: keeps colours right
    transparency = image.info.get("transparency")
    image = ImageOps.exif_transpose(image)
    if max(image.size) > MAX_STORED_SIDE:
        image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)

    options: dict = {}
    if out_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options = {"quality": 85, "optimize": True, "progressive": True}
    elif out_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        options = {"optimize": image.width * image.height <= 4_000_000}
    else:  # WEBP
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.mode or transparency is not None else "RGB")
        options = {"quality": 85, "method": 4}
    # Whatever else Pillow carried over (comments, XMP, text chunks, EXIF) is not written.
    image.info = {}
    if transparency is not None and image.mode in ("P", "L", "RGB"):
        options["transparency"] = transparency
    if icc_profile:
        options["icc_profile"] = icc_profile

    buffer = io.BytesIO()
    image.save(buffer, format=out_format, **options)
    content = ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
    content.ocop_safe_image = True  # already checked and re-encoded: pre_save leaves it alone
    content.ocop_size = image.size  # what the width/height fields record
    return content


def clean_image_upload(file) -> ContentFile:
    """Check an uploaded file and return the safe copy to store (or raise ValidationError)."""
    if getattr(file, "ocop_safe_image", False):
        return file
    image, image_format = open_verified_image(file)
    try:
        return reencode_image(image, image_format)
    except Exception:  # noqa: BLE001 -- an odd pixel mode must be a form error, not a 500
        logger.exception("could not re-encode a %s upload", image_format)
        raise _error("damaged") from None
    finally:
        image.close()


def validate_safe_image(value) -> None:
    """Model-field validator, so ``full_clean()`` refuses a bad file assigned in code before save."""
    if value and not getattr(value, "_committed", True) and not getattr(value.file, "ocop_safe_image", False):
        image, _format = open_verified_image(value.file)
        image.close()


class SafeImageFormField(forms.ImageField):
    """A form field that returns the checked, re-encoded copy in ``cleaned_data``."""

    # Judged by content: the name and extension of an upload mean nothing (and are replaced).
    default_validators = []

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)  # empty files, missing names
        if upload is None:
            return None
        return clean_image_upload(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class SafeImageField(models.ImageField):
    """``models.ImageField`` that stores only checked, re-encoded images (see the module doc), with
    their renditions (``ocop_site/thumbnails.py``); deleting the row or replacing the photo deletes
    the old photo's renditions once the transaction commits."""

    default_validators = [validate_safe_image]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_delete.connect(self._photo_deleted, sender=cls)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        """Never read a file for its size here (the stock field opens every stored photo whose
        size is still empty each time a row is loaded: a request to S3 per card). ``pre_save``
        records the size of what it stores, and ``make_thumbnails`` that of older photos."""

    def _set_size(self, instance, size):
        width, height = size or (None, None)
        if self.width_field:
            setattr(instance, self.width_field, width)
        if self.height_field:
            setattr(instance, self.height_field, height)

    def _size(self, instance):
        return (getattr(instance, self.width_field) if self.width_field else None,
                getattr(instance, self.height_field) if self.height_field else None)

    def _stored(self, instance):
        """(name, width) of the photo the row has in the database now; None for a new row.

        Asked by primary key, not ``_state.adding``: a version restored from the history is a
        fresh instance of an existing row."""
        if instance.pk is None:
            return None
        columns = [self.attname] + ([self.width_field] if self.width_field else [])
        row = type(instance)._base_manager.filter(pk=instance.pk).values_list(*columns).first()
        if row is None:
            return None
        return row[0], (row[1] if self.width_field else None)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        previous = self._stored(model_instance)
        if file and not file._committed:
            safe = clean_image_upload(file.file)
            file.file, file.name = safe, safe.name
            data = _read(safe)
            file = super().pre_save(model_instance, add)  # stores it (under a free name)
            self._set_size(model_instance, safe.ocop_size)
            thumbnails.make_renditions(self.storage, file.name, data)
        else:
            file = super().pre_save(model_instance, add)
            if not file:
                self._set_size(model_instance, None)
            elif previous is None or file.name != previous[0]:
                # A photo already in storage, assigned by name: an older version restored from the
                # history, an event copied as next year's edition. Make sure it has renditions.
                self._ensure_renditions(model_instance, file.name)
        if previous and previous[0] and previous[0] != file.name:
            self._forget_after_commit(type(model_instance), *previous)
        return file

    def _ensure_renditions(self, instance, name):
        width, height = self._size(instance)
        try:
            if thumbnails.missing_renditions(self.storage, name, width, height):
                _written, size = thumbnails.make_renditions(self.storage, name)
                self._set_size(instance, size)
        except thumbnails.RenditionError as error:
            # Saving the row must not fail on it; the page shows the original instead.
            logger.warning("no renditions for %s: %s", name, error)
        except Exception:  # noqa: BLE001 -- storage outage: same, and say why
            logger.exception("no renditions for %s", name)

    def _photo_deleted(self, sender, instance, **kwargs):
        name = instance.__dict__.get(self.attname)
        name = getattr(name, "name", name)
        if name:
            self._forget_after_commit(sender, name, self._size(instance)[0])

    def _forget_after_commit(self, model, name, width):
        """Delete ``name``'s renditions once committed, unless a row still shows that photo."""
        storage, attname = self.storage, self.attname

        def forget():
            if not model._base_manager.filter(**{attname: name}).exists():
                thumbnails.delete_renditions(storage, name, width)

        transaction.on_commit(forget)

    def deconstruct(self):
        # The column is a plain ImageField's; the checks are Python only. Migrations record the
        # stock field, so they neither change nor import this module.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
