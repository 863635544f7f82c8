"""Every message has its Chinese translation, every string in code and templates
is in the catalogue, and the compiled catalogue is current."""

import gettext
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

PO = Path(settings.BASE_DIR) / "devzone" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        if "msgid" not in block:
            continue
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgstr")[0].split("msgid_plural")[0]))
        if not msgid:
            continue  # the header
        yield block, msgid


def test_every_message_is_translated():
    untranslated, fuzzy = [], []
    for block, msgid in _entries(PO.read_text(encoding="utf-8")):
        strs = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n")
        if not strs or any(not "".join(re.findall(r'"(.*)"', s)) for s in strs):
            untranslated.append(msgid)
        if "#, fuzzy" in block:
            fuzzy.append(msgid)
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_compiled_catalogue_matches_the_po_file():
    with PO.with_suffix(".mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog
    compiled = {k if isinstance(k, str) else k[0] for k in catalogue}
    missing = [
        m
        for _block, m in _entries(PO.read_text(encoding="utf-8"))
        if m.replace('\\"', '"') not in compiled
    ]
    assert not missing, f"run `make messages`: {missing[:5]}"


def _catalogue(text: str) -> dict[tuple[str, str], list[str]]:
    """A .po file's entries: (context, msgid) → its msgstr(s), a fuzzy entry's as
    none. Read line by line: entries appended at the end need no blank line between."""
    result: dict[tuple[str, str], list[str]] = {}
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    current = None
    for line in [*text.splitlines(), ""]:
        keyword = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "', line)
        starts = line.startswith("#") or (keyword and keyword.group(1) in ("msgctxt", "msgid"))
        if (not line.strip() or starts) and any(k.startswith("msgstr") for k in entry):
            entries.append(entry)
            entry, current = {}, None
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = ""
        elif keyword:
            current = keyword.group(1)
            entry[current] = line[line.index('"') + 1 : line.rindex('"')]
        elif current and line.startswith('"'):
            entry[current] += line[1 : line.rindex('"')]
    for entry in entries:
        if entry.get("msgid"):  # not the header
            strs = [v for k, v in entry.items() if k.startswith("msgstr")]
            result[(entry.get("msgctxt", ""), entry["msgid"])] = [] if "fuzzy" in entry else strs
    return result


def test_makemessages_leaves_no_string_unextracted(tmp_path, monkeypatch):
    """``makemessages`` run on a copy of the sources: every string it extracts
    from code and templates is in the committed catalogue with its Chinese.
    The other tests read only the .po file, which misses a string no one
    extracted."""
    source = Path(settings.BASE_DIR) / "devzone"
    copy = tmp_path / "devzone"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(tmp_path)
    locale = copy / "locale"
    with override_settings(LOCALE_PATHS=[str(locale)]):
        call_command(
            "makemessages",
            locale=["zh_Hans"],
            no_obsolete=True,
            no_location=True,
            ignore_patterns=["static", "scripts", "staticfiles"],
            verbosity=0,
        )
    extracted = _catalogue((locale / "zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    committed = _catalogue(PO.read_text(encoding="utf-8"))
    missing = [
        msgid for key in extracted if not all(committed.get(key) or [""]) for msgid in key[1:]
    ]
    assert not missing, "not in django.po or without Chinese:\n" + "\n".join(missing)
