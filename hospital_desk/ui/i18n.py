"""Khmer first: the UI's strings go through `tr()`, translated by Qt Linguist files.

`resources/i18n/hospital_desk_km.ts` holds the Khmer of every string (the source strings
are English); `scripts/update-translations` refreshes it from the code and compiles
`hospital_desk_km.qm`. Messages that come from the core (eligibility reasons, card
results) are already in both languages in `resources/messages/`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

from hospital_desk.config import RESOURCES_DIR

CONTEXT = "Desk"
I18N_DIR = RESOURCES_DIR / "i18n"
KHMER_FONT_FAMILIES = ("Khmer OS", "Khmer OS System", "Noto Sans Khmer", "Noto Serif Khmer")


def tr(text: str) -> str:
    """The text in the language in force (its English source when no translation)."""
    return QCoreApplication.translate(CONTEXT, text)


_TRANSLATOR: QTranslator | None = None  # one per application: the language is app-wide
_CODE = "en"  # the language in force ("km" while the Khmer translator is installed)


def current_language() -> str:
    """The language in force in the application: "km" or "en"."""
    return _CODE


class Language:
    """The live language switch: installs or removes the application's Khmer translator.

    There is one translator for the whole application, so a window set to English never
    inherits the Khmer of another window (or of one not yet garbage-collected)."""

    def __init__(self) -> None:
        self.code = "en"

    def set(self, code: str) -> None:
        global _TRANSLATOR, _CODE  # noqa: PLW0603 - the application's one translator
        app = QCoreApplication.instance()
        assert app is not None  # noqa: S101 - the UI always runs inside an application
        if _TRANSLATOR is None:
            _TRANSLATOR = QTranslator(app)
            if not _TRANSLATOR.load(str(I18N_DIR / "hospital_desk_km.qm")):
                _TRANSLATOR = None
                raise RuntimeError("the Khmer translation file is missing: run scripts/bootstrap")
        app.removeTranslator(_TRANSLATOR)
        if code == "km":
            app.installTranslator(_TRANSLATOR)
        self.code = _CODE = code


def khmer_font(point_size: int = 11) -> QFont:
    """A font with Khmer and Latin glyphs (Khmer OS from fonts-khmeros)."""
    families = set(QFontDatabase.families())
    for family in KHMER_FONT_FAMILIES:
        if family in families:
            font = QFont(family, point_size)
            return font
    return QFont()
