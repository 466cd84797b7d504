"""The search vocabulary: every accent-free word of the products' searchable text."""

from django.db import models


class SearchWord(models.Model):
    """A word of the catalogue's searchable text, for correcting typos against what the
    catalogue really contains ("bat trag" -> "bát tràng"). Words are added whenever a product's
    search text is written (save, import, seed, a producer or village renamed); frequencies are
    counted exactly by ``manage.py rebuild_search_vocabulary`` and grow with imports."""

    word = models.CharField(max_length=40, unique=True)  # accent-free, lower case
    spelling = models.CharField(max_length=60)  # the accented form seen most, shown to visitors
    frequency = models.PositiveIntegerField(default=1)  # products whose text has the word

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word
