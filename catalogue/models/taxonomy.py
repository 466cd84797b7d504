"""The OCOP product classification of Decision 148/QĐ-TTg (2023)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop_site.plain_text import PlainTextModel



class Category(PlainTextModel):
    """A group ('1' Food), sub-group ('1.4' Condiments) or leaf category ('1.4.a').

    Rows ship with the migrations; ``code`` and ``slug`` are stable identifiers used in URLs
    and import files.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=200)  # translated: name_vi, name_en
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    group_code = models.CharField(
        max_length=2, editable=False, db_index=True, help_text="The top-level group, e.g. '1'."
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def is_group(self) -> bool:
        return self.parent_id is None

    def save(self, *args, **kwargs):
        self.group_code = self.code.split(".")[0]
        super().save(*args, **kwargs)
