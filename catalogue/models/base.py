"""Pieces shared by the catalogue's models."""

from django.db import models

from catalogue.text import slugify_vi


def unique_slug(instance, source: str, *, field: str = "slug", max_length: int = 80) -> str:
    """A slug for ``source`` that no other row of the model uses: 'bat-trang', 'bat-trang-2'…"""
    base = slugify_vi(source)[:max_length].strip("-") or "item"
    manager = type(instance)._default_manager
    candidate, n = base, 1
    while manager.filter(**{field: candidate}).exclude(pk=instance.pk).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


class SluggedModel(models.Model):
    """A slug made once from the name and kept when the name is later corrected, so links last."""

    slug_source_field = "name"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, getattr(self, self.slug_source_field))
        super().save(*args, **kwargs)
