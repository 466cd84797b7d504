"""Keep what products copy from their producer and village current: the search text, and
the place and producer kind the list's facets count by.

``Product.search_text`` holds the producer's and craft village's names and descriptions (so
"bat trang" finds every product of the Bát Tràng village). Saving a producer or village
rewrites the affected products' search text in one bulk UPDATE (only those that changed);
bulk writes that bypass ``save()`` (imports) call :func:`refresh_copied_columns` themselves.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from catalogue.models import CraftVillage, Producer, Product


def refresh_copied_columns(products) -> int:
    """Rebuild what ``products`` (a Product queryset) copy from their producer and village:
    ``search_text``, and the place and producer kind the list's facets count by. Returns how
    many changed."""
    changed = []
    for product in products.select_related("producer", "village"):
        text = product.build_search_text()
        place_area_id, producer_kind = product.derived_places()
        if (text, place_area_id, producer_kind) != (product.search_text, product.place_area_id,
                                                    product.producer_kind):
            product.search_text = text
            product.place_area_id, product.producer_kind = place_area_id, producer_kind
            changed.append(product)
    # bulk_update skips save() and its signals: the product rows themselves did not change
    # in any way staff would see, so no history entry is wanted either.
    Product.objects.bulk_update(changed, ["search_text", "place_area", "producer_kind"], batch_size=500)
    return len(changed)


@receiver(post_save, sender=Producer, dispatch_uid="catalogue-producer-search-text")
def producer_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_copied_columns(instance.products.all())


@receiver(post_save, sender=CraftVillage, dispatch_uid="catalogue-village-search-text")
def village_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        refresh_copied_columns(instance.products.all())
