"""Every message has its Chinese translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

from django.conf import settings

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
