"""GTINs (the EAN-13 / UPC-A barcode numbers under a product's label), checked with python-stdnum.

Stored as GTIN-13: a UPC-A number (12 digits, North America) is the same GTIN as the EAN-13 with
a leading 0, so both spellings of one barcode find the same product and cannot be given to two.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import ean
from stdnum.exceptions import InvalidChecksum, ValidationError as StdnumError

GTIN_LENGTHS = (12, 13)  # UPC-A, EAN-13


def normalize_gtin(text: str) -> str:
    """'893 6012 345 678' -> '8936012345678'; 12-digit UPC-A -> 13 digits. Not validated."""
    digits = ean.compact(text or "").replace("-", "")
    return "0" + digits if len(digits) == 12 and digits.isdigit() else digits


def looks_like_gtin(text: str) -> bool:
    digits = ean.compact(text or "").replace("-", "")
    return digits.isdigit() and len(digits) in GTIN_LENGTHS


def validate_gtin(value: str) -> None:
    digits = ean.compact(value or "").replace("-", "")
    if not (digits.isdigit() and len(digits) in GTIN_LENGTHS):
        raise ValidationError(_("A barcode number has 13 digits (EAN-13) or 12 (UPC-A)."), code="gtin_length")
    try:
        ean.validate(digits)
    except InvalidChecksum:
        raise ValidationError(_("The last digit (check digit) does not match: check the number on the label."),
                              code="gtin_checksum") from None
    except StdnumError:
        raise ValidationError(_("A barcode number has 13 digits (EAN-13) or 12 (UPC-A)."),
                              code="gtin_length") from None
