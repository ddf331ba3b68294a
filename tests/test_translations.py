"""Danish is the default language: every text in the interface has a Danish translation,
and the compiled catalogue that ships is the one the .po file describes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "outreach_app" / "translations" / "da" / "LC_MESSAGES"


def _ids(catalog):
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_every_interface_text_has_a_danish_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True, timeout=120)
    wanted = _ids(read_po(pot.open("rb")))
    danish = read_po((CATALOGUE / "messages.po").open("rb"))
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in danish
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
        and not m.fuzzy
    }
    missing = sorted(wanted - translated)
    assert missing == [], "run scripts/i18n.sh and translate: " + "; ".join(missing[:10])


def test_compiled_catalogue_matches_the_po_file():
    po = read_po((CATALOGUE / "messages.po").open("rb"))
    mo = read_mo((CATALOGUE / "messages.mo").open("rb"))
    def pairs(catalog):
        def plain(value):
            return tuple(value) if isinstance(value, list | tuple) else value

        return {plain(m.id): plain(m.string) for m in catalog
                if m.id and m.string and not m.fuzzy}

    po_pairs, mo_pairs = pairs(po), pairs(mo)
    assert mo_pairs == po_pairs, "the .mo is stale: run scripts/i18n.sh"
