"""GB/T 4754-2017 industry names, from ``data/industries.csv``: sections (A–T),
their divisions and some finer classes, listed in order, each under its section.
Codes are stored as the section letter plus digits, e.g. C3216."""

import csv
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA_FILE = Path(__file__).parent / "data" / "industries.csv"


@cache
def _catalogue() -> dict[str, tuple[str, str]]:
    result: dict[str, tuple[str, str]] = {}
    section = ""
    with DATA_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"]
            if code.isalpha():
                section = code
                result[code] = (row["name_zh"], row["name_en"])
            else:
                result[section + code] = (row["name_zh"], row["name_en"])
    return result


def _english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def industry_name(code: str) -> str:
    """The name of the most specific known level of ``code`` (C3311 → C33's name)."""
    if not code:
        return ""
    catalogue = _catalogue()
    for key in (code, code[:4], code[:3], code[:1]):
        if key in catalogue:
            zh, en = catalogue[key]
            return en if _english() else zh
    return ""


def is_known_industry(code: str) -> bool:
    """Whether ``code``'s section and division exist (C99 does not: divisions
    are 01–97, each in one section). The bundled list names every section and
    division but only some finer classes, so a 3- or 4-digit code is checked
    to its division."""
    catalogue = _catalogue()
    return code[:1] in catalogue and (len(code) == 1 or code[:3] in catalogue)


def industry_choices() -> list[tuple[str, str]]:
    english = _english()
    return [(code, f"{code} {en if english else zh}") for code, (zh, en) in _catalogue().items()]
