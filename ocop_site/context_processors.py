from django.conf import settings
from django.urls import translate_url


def site(request):
    """The same page in every language, for the language switch and hreflang links."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in settings.LANGUAGES
    ]
    return {"language_alternates": alternates, "SITE_NAME": settings.SITE_NAME}
