import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def vietnamese_urls():
    """Build URLs (get_absolute_url, reverse) for the default language, whatever language an
    earlier test's request left active in this thread."""
    with translation.override("vi"):
        yield
