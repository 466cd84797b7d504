"""English names of the authorities that issue OCOP certificates, for the certification's
``authority_en`` (demo data, imports, and a certification saved without one)."""

import re

# Whole names, compared without case and surrounding spaces.
KNOWN_AUTHORITIES = {
    "ubnd thành phố hà nội": "Hanoi People's Committee",
    "ubnd tp hà nội": "Hanoi People's Committee",
    "ubnd tp. hà nội": "Hanoi People's Committee",
    "ủy ban nhân dân thành phố hà nội": "Hanoi People's Committee",
    "uỷ ban nhân dân thành phố hà nội": "Hanoi People's Committee",
    "thủ tướng chính phủ": "The Prime Minister",
    "bộ nông nghiệp và phát triển nông thôn": "Ministry of Agriculture and Rural Development",
    "bộ nông nghiệp và môi trường": "Ministry of Agriculture and Environment",
}

# "UBND huyện Gia Lâm" -> "Gia Lâm District People's Committee"; the place keeps its own name.
_LOCAL_UNITS = {
    "thành phố": "City", "tp": "City", "tp.": "City", "quận": "District", "huyện": "District",
    "thị xã": "Town", "xã": "Commune", "phường": "Ward", "thị trấn": "Township",
}
_LOCAL_AUTHORITY = re.compile(
    r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(" + "|".join(
        re.escape(unit) for unit in sorted(_LOCAL_UNITS, key=len, reverse=True)
    ) + r")\s+(.+)$",
    re.IGNORECASE,
)


def english_authority(vietnamese: str) -> str:
    """The English name of an issuing authority, or "" when it is not one we know how to name:
    'UBND Thành phố Hà Nội' -> "Hanoi People's Committee",
    'UBND huyện Gia Lâm' -> "Gia Lâm District People's Committee"."""
    text = " ".join((vietnamese or "").split())
    known = KNOWN_AUTHORITIES.get(text.lower())
    if known:
        return known
    match = _LOCAL_AUTHORITY.match(text)
    if match:
        unit, place = match.groups()
        return f"{place} {_LOCAL_UNITS[unit.lower()]} People's Committee"
    return ""
