"""The price list (tariff) claims are priced from, by service code, with its version.

The baseline ships in resources/tariff/; NSSF's signed current one (GET
/v1/tariff/latest, verified by the sync layer) replaces it through `install_tariff`,
which keeps it in sync_state. Every claim keeps the version it was priced with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from hospital_desk.config import RESOURCES_DIR
from hospital_desk.errors import RuleSetError
from hospital_desk.storage import get_state, set_state

BASELINE = RESOURCES_DIR / "tariff" / "nssf-tariff-2026.1.json"
TARIFF_KEY = "tariff_json"
FORMAT = "nssf-tariff/1"


@dataclass(frozen=True)
class Service:
    code: str
    en: str
    km: str
    price: int


@dataclass(frozen=True)
class Tariff:
    version: str
    effective_from: str
    services: dict[str, Service]

    def price(self, code: str) -> int | None:
        service = self.services.get(code)
        return service.price if service else None


def parse_tariff(document: Any) -> Tariff:
    """A tariff from its JSON document; RuleSetError when it is not one."""
    try:
        if document["format"] != FORMAT:
            raise RuleSetError(f"not a tariff (format {document['format']!r})")
        services = {}
        for s in document["services"]:
            price = s["price"]
            if not isinstance(price, int) or isinstance(price, bool) or price < 0:
                raise RuleSetError(f"tariff service {s['code']!r}: the price is not whole riel")
            services[str(s["code"])] = Service(str(s["code"]), str(s["en"]), str(s["km"]), price)
        return Tariff(str(document["version"]), str(document["effective_from"]), services)
    except (KeyError, TypeError) as exc:
        raise RuleSetError(f"the tariff is malformed ({exc.__class__.__name__}: {exc})") from exc


def baseline_tariff() -> Tariff:
    return parse_tariff(json.loads(BASELINE.read_text(encoding="utf-8")))


def active_tariff(connection: Connection) -> Tariff:
    """The tariff installed from NSSF, or the baseline one shipped with the app."""
    text = get_state(connection, TARIFF_KEY)
    return parse_tariff(json.loads(text)) if text else baseline_tariff()


def install_tariff(connection: Connection, document: dict[str, Any]) -> Tariff:
    """Keep a (verified) tariff document; refused when malformed."""
    tariff = parse_tariff(document)
    set_state(connection, TARIFF_KEY, json.dumps(document, ensure_ascii=False))
    return tariff
