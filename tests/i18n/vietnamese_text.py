"""What a reader sees on a page, and the Vietnamese words that give away an untranslated text."""

import re
from html.parser import HTMLParser

# Vietnamese function words and common nouns that belong to no proper name on our pages ("UBND"
# is left out: it is part of decision numbers such as 1201/QĐ-UBND). Proper
# names (producers' legal names and postal addresses, villages, wards and communes) are removed
# before the search.
VIETNAMESE_WORDS = (
    "của", "được", "những", "và", "ảnh", "các", "cho", "với", "sản phẩm", "minh họa", "tại",
    "trong", "một", "nghề", "giới thiệu", "trưng bày", "phường", "xã", "huyện", "quận", "thị xã",
    "thôn", "số", "mở cửa", "nghỉ", "không", "người", "làm", "từ", "đã", "lụa", "gốm", "trung tâm",
    "điểm bán", "hội chợ", "tuần lễ", "chủ thể", "ủy ban", "thành phố", "bộ nông nghiệp",
)
_PATTERNS = [(word, re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)) for word in VIETNAMESE_WORDS]


class _ReadableText(HTMLParser):
    """Text nodes and the attributes people read or hear (alt, title, aria-label, placeholder,
    meta descriptions), without scripts, styles and JSON-LD."""

    SKIP = {"script", "style", "template"}
    ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        attrs = dict(attrs)
        for name in self.ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "meta" and attrs.get("name") == "description" and attrs.get("content"):
            self.parts.append(attrs["content"])

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(data)


def readable_text(html: str) -> str:
    parser = _ReadableText()
    parser.feed(html)
    return " \n".join(parser.parts)


def vietnamese_words_in(text: str, *, proper_names=()) -> list[tuple[str, str]]:
    """(word, its context) for each Vietnamese word found outside ``proper_names``."""
    for name in sorted(proper_names, key=len, reverse=True):
        if name:
            text = text.replace(name, " ")
    found = []
    for word, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found.append((word, text[max(0, match.start() - 50): match.end() + 50].replace("\n", " ")))
    return found
