"""`manage.py make_thumbnails`: the WebP renditions (and recorded size) of photos stored before
renditions existed, or whose renditions went missing. Photos saved since get them when stored.

Safe to run again: a photo whose size is recorded and whose renditions all exist is only checked
(one ``exists`` per rendition). A photo that cannot be read or decoded is reported and skipped.
"""

from collections import Counter

from django.apps import apps
from django.core.management.base import BaseCommand

from ocop_site import page_cache, thumbnails
from ocop_site.uploads import SafeImageField


def photo_fields():
    """(model, field) for every SafeImageField with a recorded size (products, showrooms, events)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SafeImageField) and field.width_field and field.height_field:
                yield model, field


class Command(BaseCommand):
    help = ("Make the missing WebP renditions (320-1280 px) of stored photos and record their size. "
            "Safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true",
                            help="make every rendition again (after changing the widths or the quality)")

    def handle(self, *args, replace, **options):
        counts = Counter()
        for model, field in photo_fields():
            rows = (model._base_manager.exclude(**{field.attname: ""})
                    .exclude(**{f"{field.attname}__isnull": True}).order_by("pk")
                    .values_list("pk", field.attname, field.width_field, field.height_field))
            for pk, name, width, height in rows.iterator():
                counts["photos"] += 1
                try:
                    if not replace and not thumbnails.missing_renditions(field.storage, name, width, height):
                        counts["complete"] += 1
                        continue
                    written, size = thumbnails.make_renditions(field.storage, name, replace=replace)
                except Exception as error:  # noqa: BLE001 -- damaged or missing file, storage error
                    counts["failed"] += 1
                    self.stderr.write(f"{model._meta.label} #{pk} {name}: skipped: {error}")
                    continue
                counts["made"] += 1
                counts["files"] += written
                if size != (width, height):
                    # Derived data, not a staff edit: no history entry, no save signals.
                    model._base_manager.filter(pk=pk).update(**{field.width_field: size[0],
                                                                 field.height_field: size[1]})
                    counts["sizes"] += 1
        if counts["made"]:
            page_cache.invalidate()  # cached pages still point at the originals
        self.stdout.write(
            f"{counts['photos']} photos: {counts['complete']} already complete, "
            f"{counts['made']} given renditions ({counts['files']} files written, "
            f"{counts['sizes']} sizes recorded), {counts['failed']} skipped"
        )
