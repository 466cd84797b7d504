"""`make run` again (load_demo, load_showrooms_demo, load_events_demo) creates only what is missing:
what staff or an import changed stays changed, a demo row that was deleted comes back. And every
demo certificate is valid 36 months from its issue date, whatever day the demo is loaded."""

import datetime
import io

import pytest
from django.core.management import call_command

from catalogue.demo.loader import load_demo
from catalogue.models import Certification, CraftVillage, Producer, Product
from catalogue.models.certifications import VALIDITY_MONTHS, add_months
from events.models import Booth, Event
from showrooms.models import Showroom

pytestmark = pytest.mark.django_db

D = datetime.date


def run_make_run_loaders():
    for command in ("load_demo", "load_showrooms_demo", "load_events_demo"):
        options = ["--no-images"] if command == "load_demo" else []
        call_command(command, *options, stdout=io.StringIO())


@pytest.mark.parametrize("today", [D(2025, 10, 15), D(2026, 12, 2), D(2026, 5, 14), D(2027, 2, 28), D(2028, 2, 29)])
def test_every_demo_certificate_is_valid_exactly_36_months(today):
    load_demo(today=today, images=False)
    certifications = list(Certification.objects.all())
    assert len(certifications) >= 70
    wrong = [(c.certificate_no, c.issued_on, c.valid_until) for c in certifications
             if c.valid_until != add_months(c.issued_on, VALIDITY_MONTHS)]
    assert wrong == []


def test_a_second_make_run_keeps_what_staff_changed_in_the_catalogue():
    run_make_run_loaders()
    product = Product.objects.get(code="HN-OCOP-0001")
    product.name_vi = "Tương Cự Đà (tên đã sửa)"
    product.save()
    producer = product.producer
    producer.phone = "0243 999 999"
    producer.save()
    village = CraftVillage.objects.get(slug="bat-trang")
    village.description = "Mô tả do cán bộ viết."
    village.save()
    cert = product.current_certification
    cert.stars = 4  # an officer's correction
    cert.save()

    run_make_run_loaders()
    assert Product.objects.get(code="HN-OCOP-0001").name_vi == "Tương Cự Đà (tên đã sửa)"
    assert Producer.objects.get(pk=producer.pk).phone == "0243 999 999"
    assert CraftVillage.objects.get(slug="bat-trang").description == "Mô tả do cán bộ viết."
    assert Certification.objects.get(pk=cert.pk).stars == 4


def test_a_deleted_demo_product_comes_back_and_a_removed_picture_does_not():
    load_demo(images=True)
    products = Product.objects.count()
    Product.objects.get(code="HN-OCOP-0001").delete()
    without_picture = Product.objects.exclude(code="HN-OCOP-0001").first()
    without_picture.images.all().delete()

    load_demo(images=True)
    assert Product.objects.count() == products
    back = Product.objects.get(code="HN-OCOP-0001")
    assert back.is_listed and back.images.count() == 1
    assert not Product.objects.get(pk=without_picture.pk).images.exists()


def test_a_second_make_run_keeps_what_staff_changed_in_the_showrooms():
    run_make_run_loaders()
    centre = Showroom.objects.get(slug="trung-tam-xuc-tien-san-pham-ocop-ha-noi")
    centre.name = "Trung tâm (tên đã sửa)"
    centre.save()
    dropped = centre.producers.first()
    centre.producers.remove(dropped)
    hours = centre.opening_hours.count()
    centre.opening_hours.first().delete()
    centre.opening_exceptions.all().delete()
    gone = Showroom.objects.exclude(pk=centre.pk).order_by("slug").first()
    gone_slug = gone.slug
    gone.delete()

    run_make_run_loaders()
    centre.refresh_from_db()
    assert centre.name == "Trung tâm (tên đã sửa)"
    assert not centre.producers.filter(pk=dropped.pk).exists()
    assert centre.opening_hours.count() == hours - 1
    assert not centre.opening_exceptions.exists()
    back = Showroom.objects.get(slug=gone_slug)
    assert back.opening_hours.exists()


def test_a_second_make_run_keeps_what_staff_changed_in_the_events():
    run_make_run_loaders()
    event = max(Event.objects.all(), key=lambda e: e.booths.count())
    assert event.booths.count() >= 2
    removed, relabelled = event.booths.all()[:2]
    removed_producer = removed.producer_id
    removed.delete()
    relabelled.label = "Z99"
    relabelled.save()
    event.name_vi = "Sự kiện (tên đã sửa)"
    event.save()
    booths = event.booths.count()
    gone = Event.objects.exclude(pk=event.pk).filter(booths__isnull=False).distinct().first()
    gone_slug, gone_booths = gone.slug, gone.booths.count()
    gone.delete()

    run_make_run_loaders()
    event.refresh_from_db()
    assert event.name_vi == "Sự kiện (tên đã sửa)"
    assert event.booths.count() == booths
    assert not event.booths.filter(producer_id=removed_producer).exists()
    assert Booth.objects.get(pk=relabelled.pk).label == "Z99"
    assert Event.objects.get(slug=gone_slug).booths.count() == gone_booths


def test_redraw_pictures_replaces_the_demos_own_pictures_and_leaves_staff_photos():
    from django.core.files.base import ContentFile

    from catalogue.demo.images import placeholder_card

    load_demo(images=True)
    stale, photo = Product.objects.order_by("code")[:2]
    # An older drawing (another product's picture) still carries the demo's alt text ...
    old = stale.images.get()
    old.image = placeholder_card("Khác hẳn", "6", 3)
    old.save()
    old_name = old.image.name
    # ... a photo staff uploaded describes itself.
    staff_photo = photo.images.get()
    staff_photo.image = ContentFile(placeholder_card("Ảnh thật", "1", 4).read(), name="that.jpg")
    staff_photo.alt_text_vi = "Ảnh chụp sản phẩm tại xưởng"
    staff_photo.save()
    staff_name = staff_photo.image.name

    out = io.StringIO()
    call_command("load_demo", "--redraw-pictures", stdout=out)

    assert f"{Product.objects.filter(images__alt_text_vi__startswith='Ảnh minh họa').count()} placeholder" \
        in out.getvalue()
    redrawn = stale.images.get()
    assert redrawn.image.name != old_name and not redrawn.image.storage.exists(old_name)
    # Stored re-encoded like any upload: the same picture as today's drawing, not the same bytes.
    with redrawn.image.open("rb") as stored:
        assert difference(stored, placeholder_card(stale.name_vi, stale.category.group_code, stale.rating_stars)) < 8
        stored.seek(0)
        assert difference(stored, placeholder_card("Khác hẳn", "6", 3)) > 20
    assert photo.images.get().image.name == staff_name


def difference(first, second) -> float:
    """Mean absolute difference of two pictures' pixels (0 to 255)."""
    from PIL import Image, ImageChops, ImageStat

    with Image.open(first) as a, Image.open(second) as b:
        return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3
