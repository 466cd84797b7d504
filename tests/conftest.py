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

    CatalogueLookups.forget_shared()
    yield
    CatalogueLookups.forget_shared()
