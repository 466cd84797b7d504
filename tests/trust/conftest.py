import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Vietnamese: a request under /en/ leaves English active in the thread,
    which would make the next test's reverse() build /en/ URLs."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
