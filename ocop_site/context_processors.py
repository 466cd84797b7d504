import unicodedata

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

# The footer's facts about the office behind the site; a text with an ``_EN`` setting has an
# English version (shown under /en/, the Vietnamese one when it is empty).
OWNER_FIELDS = ("name", "address", "phone", "hotline", "email", "hours", "legal")


def site_owner(language: str | None) -> dict[str, str]:
    english = (language or "").startswith("en")
    owner = {}
    for field in OWNER_FIELDS:
        value = getattr(settings, f"SITE_OWNER_{field.upper()}", "")
        if english:
            value = getattr(settings, f"SITE_OWNER_{field.upper()}_EN", "") or value
        owner[field] = value
    return owner


def site(request):
    """The same page in every language (language switch, hreflang links), and the site's owner."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code),
         # Each language's own name ("Tiếng Việt"), composed: Django's is in decomposed form.
         "name_local": unicodedata.normalize("NFC", get_language_info(code)["name_local"])}
        for code, name in settings.LANGUAGES
    ]
    return {"language_alternates": alternates, "SITE_NAME": settings.SITE_NAME,
            "site_owner": site_owner(get_language())}
