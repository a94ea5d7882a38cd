"""One catalogue of user-facing messages, in Khmer and English, for the CLI and the UI.

Every machine-readable code the core produces (eligibility reasons, card
results, sync errors) has one entry here, loaded from the JSON files in
`resources/messages/` (one file per topic, so no two features edit the same
file). Placeholders are `{name}`, filled from the reason's parameters.

    {"elig.deceased": {"en": "Died on {date}.", "km": "..."}}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter

from hospital_desk.config import RESOURCES_DIR
from hospital_desk.errors import ConfigError

LANGUAGES = ("km", "en")
MESSAGES_DIR = RESOURCES_DIR / "messages"


@dataclass(frozen=True)
class Text:
    """A message in both languages."""

    en: str
    km: str

    def get(self, language: str) -> str:
        return self.km if language == "km" else self.en


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def load_catalogue(directory: Path = MESSAGES_DIR) -> dict[str, Text]:
    """Read every `*.json` in `directory`; refuse duplicates, gaps and mismatched placeholders."""
    catalogue: dict[str, Text] = {}
    for path in sorted(directory.glob("*.json")):
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"Message file {path.name} is not valid JSON: {exc}") from exc
        for code, texts in entries.items():
            if code in catalogue:
                raise ConfigError(f"Message code {code!r} is defined twice ({path.name})")
            if not isinstance(texts, dict) or not all(
                isinstance(texts.get(lang), str) and texts[lang].strip() for lang in LANGUAGES
            ):
                raise ConfigError(f"Message {code!r} in {path.name} needs both 'km' and 'en'")
            if _placeholders(texts["en"]) != _placeholders(texts["km"]):
                raise ConfigError(f"Message {code!r}: Khmer and English placeholders differ")
            catalogue[code] = Text(en=texts["en"], km=texts["km"])
    return catalogue


@cache
def catalogue() -> Mapping[str, Text]:
    return load_catalogue()


_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


def khmer_digits(text: str) -> str:
    return text.translate(_KHMER_DIGITS)


def render(code: str, params: Mapping[str, object], language: str) -> str:
    """The message for `code` in `language`, with its parameters filled in.

    Khmer text gets Khmer digits, as printed on NSSF documents.
    """
    text = catalogue().get(code)
    if text is None:
        raise ConfigError(f"No message for code {code!r}")
    values = {k: str(v) for k, v in params.items()}
    if language == "km":
        values = {k: khmer_digits(v) for k, v in values.items()}
    return text.get(language).format(**values)
