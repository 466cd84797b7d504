"""Photos get WebP renditions at the widths pages use, made once when stored; pages show them with
srcset (never the originals on list pages), lazy below the fold; old renditions go with their photo;
``make_thumbnails`` fills in photos stored before. MEDIA_ROOT is a temporary folder (settings.test)."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import modelform_factory
from PIL import Image

from catalogue.models import ProductImage
from events.services import duplicate_as_next_edition
from ocop_site import thumbnails
from tests.factories import (
    CraftVillageFactory,
    EventFactory,
    ProducerFactory,
    certified_product,
    leaf_category,
)

pytestmark = pytest.mark.django_db

ProductImageForm = modelform_factory(ProductImage, fields=["product", "image", "alt_text", "position"])


def photo_bytes(width, height, fmt="JPEG") -> bytes:
    """A gradient picture (real pixels, so every encoder has work to do)."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def stored_image(name) -> Image.Image:
    with default_storage.open(name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def rendition_files(name):
    """{width: (format, (w, h))} of the renditions stored next to ``name``."""
    folder, base = name.rsplit("/", 1)
    stem = base.rsplit(".", 1)[0]
    found = {}
    for filename in default_storage.listdir(folder)[1]:
        match = re.fullmatch(re.escape(stem) + r"\.w(\d+)\.webp", filename)
        if match:
            image = stored_image(f"{folder}/{filename}")
            found[int(match[1])] = (image.format, image.size)
    return found


@pytest.fixture
def product():
    return certified_product(4, name_vi="Bình gốm men lam", name_en="Blue-glazed vase")


def add_photo(product, width, height, position=0, fmt="JPEG") -> ProductImage:
    return ProductImage.objects.create(
        product=product, position=position, alt_text=f"Ảnh {position}",
        image=ContentFile(photo_bytes(width, height, fmt), name=f"photo.{fmt.lower()}"),
    )


# --- renditions are made when a photo is stored -------------------------------------------------

def test_an_admin_upload_gets_webp_renditions_at_the_page_widths(staff_client):
    data = {
        "code": "HN-OCOP-55555", "name_vi": "Bình gốm men lam", "name_en": "", "slug": "",
        "category": leaf_category("4.1").pk, "producer": ProducerFactory().pk, "village": "",
        "description_vi": "", "description_en": "", "story_vi": "", "story_en": "",
        "certifications-TOTAL_FORMS": 0, "certifications-INITIAL_FORMS": 0,
        "images-TOTAL_FORMS": 1, "images-INITIAL_FORMS": 0,
        "images-0-image": SimpleUploadedFile("IMG_1.jpg", photo_bytes(3000, 2000), content_type="image/jpeg"),
        "images-0-alt_text_vi": "Bình gốm", "images-0-position": 0,
    }
    assert staff_client.post("/admin/catalogue/product/add/", data).status_code == 302
    image = ProductImage.objects.get(product__code="HN-OCOP-55555")
    # The original is scaled to 2560 on upload; its size is recorded on the row.
    assert (image.width, image.height) == (2560, 1707) == stored_image(image.image.name).size
    assert rendition_files(image.image.name) == {
        320: ("WEBP", (320, 213)), 640: ("WEBP", (640, 427)),
        960: ("WEBP", (960, 640)), 1280: ("WEBP", (1280, 854)),  # 1280 × 1707/2560 = 853.5
    }


def test_a_modelform_upload_narrower_than_the_widths_is_never_upscaled(product):
    upload = SimpleUploadedFile("narrow.png", photo_bytes(500, 750, "PNG"), content_type="image/png")
    form = ProductImageForm({"product": product.pk, "alt_text": "Hũ tương", "position": 0}, {"image": upload})
    assert form.is_valid(), form.errors
    image = form.save()
    # Up to the photo's own width: 320, then 500 itself instead of 640, 960 and 1280.
    assert rendition_files(image.image.name) == {320: ("WEBP", (320, 480)), 500: ("WEBP", (500, 750))}


def test_a_photo_assigned_in_code_gets_renditions_too(product):
    tiny = add_photo(product, 200, 150)
    assert rendition_files(tiny.image.name) == {200: ("WEBP", (200, 150))}
    wide = add_photo(product, 1000, 250, position=1)
    assert rendition_files(wide.image.name) == {
        320: ("WEBP", (320, 80)), 640: ("WEBP", (640, 160)), 960: ("WEBP", (960, 240)),
        1000: ("WEBP", (1000, 250)),
    }


def test_transparent_png_keeps_its_transparency_in_the_renditions(product):
    logo = Image.new("RGBA", (400, 400), (180, 35, 42, 0))
    logo.paste((180, 35, 42, 255), (100, 100, 300, 300))
    buffer = io.BytesIO()
    logo.save(buffer, format="PNG")
    image = ProductImage.objects.create(product=product, alt_text="Logo",
                                        image=ContentFile(buffer.getvalue(), name="logo.png"))
    small = stored_image(thumbnails.rendition_name(image.image.name, 320)).convert("RGBA")
    assert small.getpixel((5, 5))[3] == 0 and small.getpixel((160, 160))[3] == 255


def test_renditions_work_on_storage_without_local_paths(product, settings):
    # InMemoryStorage has no path(): like S3, only open/save/exists/delete/url.
    memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": memory}
    image = add_photo(product, 800, 600)
    for width in (320, 640, 800):
        assert default_storage.exists(thumbnails.rendition_name(image.image.name, width))
    with default_storage.open(thumbnails.rendition_name(image.image.name, 640), "rb") as stored:
        assert Image.open(stored).size == (640, 480)


# --- pages ----------------------------------------------------------------------------------------

def img_tags(html):
    return re.findall(r"<img\b[^>]*>", html)


def test_the_product_list_sends_only_renditions_with_srcset_and_lazy_loading(client,
                                                                            django_assert_max_num_queries):
    village = CraftVillageFactory(name="Bát Tràng")
    originals = []
    for n in range(6):
        product = certified_product(4, name_vi=f"Gốm số {n}", village=village)
        originals.append(add_photo(product, 1600, 1200).image.name)
    with django_assert_max_num_queries(8):
        html = client.get("/products/").text
    for name in originals:
        assert default_storage.url(name) not in html
    cards = [tag for tag in img_tags(html) if "card-image" in tag]
    assert len(cards) == 6
    for tag in cards:
        src = re.search(r' src="([^"]+)"', tag)[1]
        assert src.endswith(".w640.webp")
        srcset = re.search(r' srcset="([^"]+)"', tag)[1]
        assert [entry.rsplit(" ", 1)[1] for entry in srcset.split(", ")] == ["320w", "640w", "960w", "1280w"]
        assert 'loading="lazy"' in tag and 'width="640" height="480"' in tag and " sizes=" in tag


def test_the_product_page_loads_its_main_photo_first_and_the_others_lazily(client, product):
    main = add_photo(product, 1200, 900, position=0)
    second = add_photo(product, 1200, 900, position=1)
    html = client.get(product.get_absolute_url()).text
    main_tag = next(tag for tag in img_tags(html) if "product-main-image" in tag)
    assert "loading=" not in main_tag and 'fetchpriority="high"' in main_tag
    assert thumbnails.rendition_name(main.image.name, 1200) in main_tag
    second_small = thumbnails.rendition_name(second.image.name, 320)
    second_tag = next(tag for tag in img_tags(html) if second_small in tag)
    assert 'loading="lazy"' in second_tag


def test_a_photo_without_a_recorded_size_is_shown_as_the_original(client, product):
    image = add_photo(product, 800, 600)
    ProductImage.objects.filter(pk=image.pk).update(width=None, height=None)  # stored before this feature
    html = client.get("/products/").text
    assert f'src="{default_storage.url(image.image.name)}"' in html


# --- no orphan renditions -------------------------------------------------------------------------

def test_deleting_a_photo_deletes_its_renditions(product, django_capture_on_commit_callbacks):
    image = add_photo(product, 800, 600)
    name = image.image.name
    assert len(rendition_files(name)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert rendition_files(name) == {}


def test_deleting_the_product_deletes_the_renditions_of_its_photos(product,
                                                                   django_capture_on_commit_callbacks):
    names = [add_photo(product, 700, 500, position=n).image.name for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        product.delete()
    assert all(rendition_files(name) == {} for name in names)


def test_replacing_a_photo_deletes_the_old_renditions(product, django_capture_on_commit_callbacks):
    image = add_photo(product, 800, 600)
    old = image.image.name
    form = ProductImageForm(
        {"product": product.pk, "alt_text": "Ảnh mới", "position": 0},
        {"image": SimpleUploadedFile("new.jpg", photo_bytes(400, 300), content_type="image/jpeg")},
        instance=ProductImage.objects.get(pk=image.pk),
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        image = form.save()
    assert rendition_files(old) == {}
    assert rendition_files(image.image.name) == {320: ("WEBP", (320, 240)), 400: ("WEBP", (400, 300))}
    assert (image.width, image.height) == (400, 300)


def test_restoring_an_older_photo_from_the_history_brings_its_renditions_back(
        product, django_capture_on_commit_callbacks):
    image = add_photo(product, 800, 600)
    old = image.image.name
    image.image = ContentFile(photo_bytes(400, 300), name="new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    new = image.image.name
    assert rendition_files(old) == {}
    with django_capture_on_commit_callbacks(execute=True):
        image.history.earliest().instance.save()  # the admin's "revert to this version"
    image.refresh_from_db()
    assert image.image.name == old and (image.width, image.height) == (800, 600)
    assert sorted(rendition_files(old)) == [320, 640, 800]
    assert rendition_files(new) == {}


def test_a_cover_shared_with_next_years_edition_keeps_its_renditions(django_capture_on_commit_callbacks):
    event = EventFactory(cover_image=ContentFile(photo_bytes(900, 600), name="cover.jpg"))
    copy = duplicate_as_next_edition(event)
    assert copy.cover_image.name == event.cover_image.name and copy.cover_width == 900
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert len(rendition_files(copy.cover_image.name)) == 3


# --- make_thumbnails ------------------------------------------------------------------------------

def run_make_thumbnails(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("make_thumbnails", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def stored_before_renditions(product, width, height, position=0) -> ProductImage:
    """A photo as stored before this feature: the original only, no recorded size."""
    image = add_photo(product, width, height, position)
    thumbnails.delete_renditions(default_storage, image.image.name, image.width)
    ProductImage.objects.filter(pk=image.pk).update(width=None, height=None)
    return image


def test_make_thumbnails_fills_in_older_photos_and_is_idempotent(product):
    old = stored_before_renditions(product, 1500, 1000)
    current = add_photo(product, 800, 600, position=1)
    out, err = run_make_thumbnails()
    assert ("2 photos: 1 already complete, 1 given renditions (4 files written, 1 sizes recorded), "
            "0 skipped") in out
    assert err == ""
    old.refresh_from_db()
    assert (old.width, old.height) == (1500, 1000)
    assert rendition_files(old.image.name) == {
        320: ("WEBP", (320, 213)), 640: ("WEBP", (640, 427)), 960: ("WEBP", (960, 640)),
        1280: ("WEBP", (1280, 853)),
    }
    assert len(rendition_files(current.image.name)) == 3
    out, _err = run_make_thumbnails()
    assert "2 photos: 2 already complete, 0 given renditions (0 files written" in out


def test_make_thumbnails_remakes_a_missing_rendition(product):
    image = add_photo(product, 800, 600)
    default_storage.delete(thumbnails.rendition_name(image.image.name, 640))
    out, _err = run_make_thumbnails()
    assert "1 given renditions (1 files written, 0 sizes recorded)" in out
    assert sorted(rendition_files(image.image.name)) == [320, 640, 800]


def test_make_thumbnails_reports_and_skips_a_damaged_original(product):
    damaged = stored_before_renditions(product, 1000, 800)
    with default_storage.open(damaged.image.name, "rb") as stored:
        data = stored.read()
    default_storage.delete(damaged.image.name)
    default_storage.save(damaged.image.name, ContentFile(data[: len(data) // 3]))  # truncated
    missing = ProductImage.objects.create(product=product, alt_text="Mất", position=1,
                                          image="products/2020/01/gone.jpg")
    good = stored_before_renditions(product, 700, 500, position=2)
    out, err = run_make_thumbnails()
    assert "3 photos: 0 already complete, 1 given renditions" in out and "2 skipped" in out
    assert f"#{damaged.pk} {damaged.image.name}: skipped" in err
    assert f"#{missing.pk} products/2020/01/gone.jpg: skipped" in err
    assert len(rendition_files(good.image.name)) == 3
    assert rendition_files(damaged.image.name) == {}
