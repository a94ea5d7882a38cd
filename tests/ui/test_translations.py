"""Every user-visible string of the UI has a Khmer translation, and the .qm is current."""

from __future__ import annotations

import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "update-translations"
TS = ROOT / "resources" / "i18n" / "hospital_desk_km.ts"


def _translations() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for message in ET.parse(TS).iter("message"):  # noqa: S314 - our own committed file
        translation = message.find("translation")
        done = translation is not None and translation.get("type") != "unfinished"
        out[message.findtext("source") or ""] = (
            translation.text if done and translation is not None else None
        )
    return out


def test_every_tr_string_in_the_ui_has_a_khmer_translation() -> None:
    sources = runpy.run_path(str(SCRIPT), run_name="not_main")["sources"]()
    translations = _translations()
    assert sources, "no tr() strings found: the scanner is broken"
    untranslated = [s for s in sources if not translations.get(s)]
    assert untranslated == []
    khmer = [t for t in translations.values() if t and any("\u1780" <= c <= "\u17ff" for c in t)]
    assert len(khmer) >= len(sources) - 2  # all but pure symbols/file patterns are Khmer


def test_compiled_qm_matches_the_ts_file() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], check=False)
    assert result.returncode == 0, "run scripts/update-translations to recompile the .qm"
