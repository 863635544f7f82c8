"""Validators for Chinese registry identifiers, and for text of any kind."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .industries import is_known_industry

# GB 32100-2015: the unified social credit code's alphabet (no I, O, S, V, Z)
# and the weights of its 17 leading characters.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$")


def credit_code_check_character(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * w
        for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    if not _CREDIT_CODE_RE.match(code):
        return False
    return credit_code_check_character(code[:17]) == code[17]


def validate_credit_code(value: str) -> None:
    if not _CREDIT_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters other than I, O, S, V, Z."
            ),
            code="credit_code_format",
        )
    if not is_valid_credit_code(value):
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong (expected %(expected)s)."
            ),
            code="credit_code_check",
            params={"expected": credit_code_check_character(value[:17])},
        )


# GB/T 4754-2017: a section letter, optionally followed by a 2-digit division,
# 3-digit group or 4-digit class code.
_INDUSTRY_CODE_RE = re.compile(r"^[A-T](\d{2}|\d{3}|\d{4})?$")


def validate_industry_code(value: str) -> None:
    if not _INDUSTRY_CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "Enter a GB/T 4754 industry code: a section letter A–T, optionally followed by 2, 3 or 4 digits (e.g. C3311)."
            ),
            code="industry_code",
        )
    if not is_known_industry(value):
        raise ValidationError(
            _(
                "%(code)s is not a GB/T 4754-2017 industry code: its division %(division)s does not exist in section %(section)s."
            ),
            code="industry_code_unknown",
            params={"code": value, "division": value[1:3], "section": value[0]},
        )


_REGION_CODE_RE = re.compile(r"^\d{6}$")


def validate_region_code(value: str) -> None:
    if not _REGION_CODE_RE.match(value or ""):
        raise ValidationError(_("A GB/T 2260 region code has 6 digits."), code="region_code")


# Chinese telephone numbers, once spaces, dashes and brackets are set aside:
# a mainland mobile (11 digits, 1[3-9]…, optionally +86), a landline with its
# area code (0 and 2–3 digits, then 5–8: 0352-1234567, 0352-12345) and an
# extension, a local number without area code, or a service number (12345,
# 95588, 400/800 numbers).
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_OTHER_PHONE_RES = (
    re.compile(r"^0\d{2,3}\d{5,8}(ext\d{1,6})?$"),  # landline with area code
    re.compile(r"^[2-9]\d{6,7}(ext\d{1,6})?$"),  # landline, local
    re.compile(r"^(1\d{4}|95\d{3,6}|[48]00\d{7})$"),  # service numbers
)
_PHONE_CHARS_RE = re.compile(r"^[0-9+\-() ]+((转|ext\.?|x)[0-9]{1,6})?$")


def phone_kind(value: str) -> str | None:
    """ "mobile", "landline" or None (not a number one can dial in China)."""
    text = (value or "").strip()
    if not _PHONE_CHARS_RE.match(text):
        return None
    text = re.sub(r"(转|ext\.?|x)", "ext", text)
    digits = re.sub(r"[\-() ]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if "+" in digits:
        return None
    if _MOBILE_RE.match(digits):
        return "mobile"
    if any(r.match(digits) for r in _OTHER_PHONE_RES):
        return "landline"
    return None


def validate_phone(value: str) -> None:
    """A mobile, landline or service number (office phones, hotlines, contacts)."""
    if value and phone_kind(value) is None:
        raise ValidationError(
            _(
                "Enter a phone number: a mobile number of 11 digits starting with 13–19, "
                "or a landline with its area code such as 0352-1234567."
            ),
            code="phone",
        )


def validate_mobile(value: str) -> None:
    """A mainland mobile number only (where a field asks for 手机号码)."""
    if value and phone_kind(value) != "mobile":
        raise ValidationError(
            _("Enter a mobile number: 11 digits starting with 13–19, such as 13912345678."),
            code="mobile",
        )


# Control characters other than tab and line breaks: invisible in a form, and
# XML (.docx, .xlsx) cannot hold most of them, so generated documents fail.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def validate_no_control_characters(value) -> None:
    """Applied to every text field of every domain model (``TrackedModel``)."""
    if not isinstance(value, str):
        return
    found = _CONTROL_RE.search(value)
    if found is not None:
        raise ValidationError(
            _(
                "This text contains an invisible control character (%(code)s) at position "
                "%(position)s; remove it. Only tabs and line breaks are allowed."
            ),
            code="control_character",
            params={"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
        )
