"""Keep what products copy from their producer, village, category and places current: the
search text, and the place and producer kind the list's facets count by.

``Product.search_text`` holds the producer's and craft village's names and descriptions (so
"bat trang" finds every product of the Bát Tràng village). Saving a producer or village
rewrites the affected products' search text in one bulk UPDATE (only those that changed);
bulk writes that bypass ``save()`` (imports) call :func:`refresh_copied_columns` themselves.
"""

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver

from catalogue.models import Area, Category, CraftVillage, Producer, Product
from catalogue.search import SearchTextSources, learn_words

COPIED_COLUMNS = ["search_text", "search_accented", "place_area", "producer_kind"]


def refresh_copied_columns(products) -> int:
    """Rebuild what ``products`` (a Product queryset) copy from their producer, village,
    category and places: the search columns (and the search vocabulary), and the place and
    producer kind the list's facets count by. Returns how many changed."""
    changed, texts = [], []
    sources = SearchTextSources.load()
    for product in products.select_related("producer", "village"):
        before = [getattr(product, column) for column in ("search_text", "search_accented", "place_area_id",
                                                           "producer_kind")]
        texts.append(product.fill_search_columns(sources))
        product.place_area_id, product.producer_kind = product.derived_places()
        if before != [product.search_text, product.search_accented, product.place_area_id, product.producer_kind]:
            changed.append(product)
    # bulk_update skips save() and its signals: the product rows themselves did not change
    # in any way staff would see, so no history entry is wanted either.
    Product.objects.bulk_update(changed, COPIED_COLUMNS, batch_size=500)
    learn_words(texts)
    return len(changed)


@receiver(post_save, sender=Producer, dispatch_uid="catalogue-producer-search-text")
def producer_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_copied_columns(instance.products.all())


@receiver(post_save, sender=CraftVillage, dispatch_uid="catalogue-village-search-text")
def village_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_copied_columns(instance.products.all())


@receiver(post_save, sender=Category, dispatch_uid="catalogue-category-search-text")
def category_saved(sender, instance, created, raw=False, **kwargs):
    # A renamed group or sub-group is in the text of every product below it.
    if not created and not raw:
        refresh_copied_columns(Product.objects.in_category(instance))


@receiver(post_save, sender=Area, dispatch_uid="catalogue-area-search-text")
def area_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_copied_columns(Product.objects.filter(
            models.Q(producer__area=instance) | models.Q(village__area=instance)))
