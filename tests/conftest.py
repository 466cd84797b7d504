import pytest


@pytest.fixture
def staff_client(client, django_user_model):
    """A signed-in superuser: the staff who run the catalogue."""
    user = django_user_model.objects.create_superuser("staff", "staff@example.vn", "a-long-password-123")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fresh_catalogue_lookups():
    """Each test starts without the worker-wide lookups an earlier test's data filled in (the
    database is rolled back between tests, but a rollback bumps no content version)."""
    from catalogue.filters import CatalogueLookups
    from catalogue.templatetags.fragments import SITE_FRAGMENTS

    CatalogueLookups.forget_shared()
    SITE_FRAGMENTS.clear()
    yield
    CatalogueLookups.forget_shared()
    SITE_FRAGMENTS.clear()


@pytest.fixture(autouse=True)
def fresh_exports_root(settings, tmp_path):
    """Each test builds its own full exports: content versions repeat after a rollback, so a
    file built by an earlier test could otherwise be served for another test's catalogue."""
    settings.EXPORTS_ROOT = tmp_path / "exports"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with no filtered exports counted against the test client's address."""
    from django.core.cache import cache

    cache.delete("rate:export:127.0.0.1")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Vietnamese, the site's default. LocaleMiddleware activates a request's
    language on the test's own thread and nothing switches it back, so an English page fetched by
    one test would otherwise make the next one's translated lookups (``name`` → ``name_en``) and
    messages English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
