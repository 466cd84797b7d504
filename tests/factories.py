"""factory_boy factories for the whole project. Reference data (areas, categories) comes from
the migrations, so factories pick existing rows instead of inventing them."""

import datetime

import factory
from django.utils import timezone

from catalogue.models import Area, Category, Certification, CraftVillage, Producer, Product


def leaf_category(code="1.4.a"):
    return Category.objects.get(code=code)


def area(slug="xa-bat-trang"):
    return Area.objects.get(slug=slug)


class TranslatedFactory(factory.django.DjangoModelFactory):
    """Takes a translated field by its plain name (``name="…"``) as its Vietnamese column, so a
    test's data does not depend on the language a previous request left active."""

    class Meta:
        abstract = True

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        from ocop_site.translation import translated_fields

        for field in translated_fields(cls._meta.model):
            if field in kwargs:
                kwargs[f"{field}_vi"] = kwargs.pop(field)
        return kwargs


class ProducerFactory(TranslatedFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"Cơ sở sản xuất số {n}")
    kind = Producer.Kind.HOUSEHOLD
    area = factory.LazyFunction(area)


class CraftVillageFactory(TranslatedFactory):
    class Meta:
        model = CraftVillage

    name_vi = factory.Sequence(lambda n: f"Làng nghề số {n}")
    area = factory.LazyFunction(area)
    main_craft_vi = "Gốm sứ"


class ProductFactory(TranslatedFactory):
    class Meta:
        model = Product

    code = factory.Sequence(lambda n: f"HN-TEST-{n:05d}")
    name_vi = factory.Sequence(lambda n: f"Sản phẩm thử {n}")
    name_en = factory.Sequence(lambda n: f"Test product {n}")
    category = factory.LazyFunction(leaf_category)
    producer = factory.SubFactory(ProducerFactory)


class CertificationFactory(TranslatedFactory):
    class Meta:
        model = Certification

    product = factory.SubFactory(ProductFactory)
    stars = 4
    certificate_no = factory.Sequence(lambda n: f"{n}/QĐ-UBND-TEST")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))


def certified_product(stars=4, **product_fields):
    """A publicly listed product with one current certification of ``stars``."""
    product = ProductFactory(**product_fields)
    CertificationFactory(product=product, stars=stars)
    product.refresh_from_db()
    return product


# --- events ---------------------------------------------------------------------------------
from events.models import Booth, Event  # noqa: E402


class EventFactory(TranslatedFactory):
    """A published two-day fair starting ten days from today (Hà Nội)."""

    class Meta:
        model = Event

    name_vi = factory.Sequence(lambda n: f"Hội chợ OCOP số {n}")
    kind = Event.Kind.FAIR
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=1))
    venue_name_vi = "Trung tâm Xúc tiến sản phẩm OCOP"
    venue_address_vi = "2 Trịnh Công Sơn"
    area = factory.LazyFunction(lambda: area("phuong-tay-ho"))
    is_published = True


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    event = factory.SubFactory(EventFactory)
    producer = factory.SubFactory(ProducerFactory)
    label = factory.Sequence(lambda n: f"A{n}")


# --- Showrooms --------------------------------------------------------------------------------

from showrooms.models import OpeningException, OpeningHours, Showroom  # noqa: E402


class ShowroomFactory(TranslatedFactory):
    """A showroom in Phường Hoàn Kiếm by the lake, with no opening hours unless given."""

    class Meta:
        model = Showroom

    name_vi = factory.Sequence(lambda n: f"Điểm bán OCOP số {n}")
    kind = Showroom.Kind.SALES_POINT
    address_vi = factory.Sequence(lambda n: f"Số {n} Đinh Tiên Hoàng, Hà Nội")
    area = factory.LazyFunction(lambda: area("phuong-hoan-kiem"))
    latitude = 21.0285
    longitude = 105.8542


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    showroom = factory.SubFactory(ShowroomFactory)
    weekday = 0
    opens = datetime.time(8)
    closes = datetime.time(17)


class OpeningExceptionFactory(TranslatedFactory):
    class Meta:
        model = OpeningException

    showroom = factory.SubFactory(ShowroomFactory)
    date_from = factory.LazyFunction(timezone.localdate)
    date_to = factory.LazyAttribute(lambda o: o.date_from)
    opens = None
    closes = None


def every_day(showroom, opens=datetime.time(8), closes=datetime.time(17)):
    """Give ``showroom`` the same interval on all seven weekdays."""
    OpeningHours.objects.bulk_create(
        OpeningHours(showroom=showroom, weekday=d, opens=opens, closes=closes) for d in range(7)
    )
    return showroom
