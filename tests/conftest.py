import pytest


@pytest.fixture
def staff_client(client, django_user_model):
    """A signed-in superuser: the staff who run the catalogue."""
    user = django_user_model.objects.create_superuser("staff", "staff@example.vn", "a-long-password-123")
    client.force_login(user)
    return client
