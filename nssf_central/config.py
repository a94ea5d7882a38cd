"""Where the central server keeps its database and files, and its limits.

Everything lives under one directory DIR (the commands' first argument, else
`--home`, else NSSF_CENTRAL_HOME, else `./central-home`):

    DIR/central.sqlite3            the database (default; PostgreSQL by database_url)
    DIR/list-signing-key.pem       Ed25519 key signing manifests, batches, rules, tariff
    DIR/list-signing-key.pub.pem   its public half: desks pin it (config.toml list_keys)
    DIR/trust-list.json            the card trust list served at /v1/trust-list
    DIR/snapshots/<seq>/           manifest.json and the immutable parts
    DIR/changes/<seq>.batch        signed change batches
    DIR/documents/                 the signed rule set and tariff
    DIR/attachments/               claim documents by SHA-256

An optional `DIR/central.toml` may set:

    database_url = "postgresql+psycopg://nssf@db/central"
    trust_list = "/etc/nssf/trust-list.json"
    signing_key = "/run/secrets/list-signing-key.pem"
    keep_change_batches = 60      # older batches are dropped: 410 Gone, take a snapshot
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "NSSF_CENTRAL_HOME"
CONFIG_FILE = "central.toml"
DEFAULT_KEEP_BATCHES = 60


class ConfigError(ValueError):
    """central.toml is unreadable or names something impossible."""


@dataclass(frozen=True)
class CentralConfig:
    home: Path
    database_url: str
    trust_list: Path
    signing_key: Path
    keep_change_batches: int

    @property
    def snapshots_dir(self) -> Path:
        return self.home / "snapshots"

    @property
    def changes_dir(self) -> Path:
        return self.home / "changes"

    @property
    def documents_dir(self) -> Path:
        return self.home / "documents"

    @property
    def attachments_dir(self) -> Path:
        return self.home / "attachments"

    @property
    def public_key(self) -> Path:
        name = self.signing_key.name.removesuffix(".pem")
        return self.signing_key.with_name(f"{name}.pub.pem")


def _path(home: Path, value: object, key: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{CONFIG_FILE}: {key} must be a non-empty string")
    path = Path(value)
    return path if path.is_absolute() else home / path


def load_config(home: Path | None = None) -> CentralConfig:
    """The configuration for `home` (see the module docstring for the defaults)."""
    home = (home or Path(os.environ.get(HOME_ENV, "central-home"))).resolve()
    raw: dict[str, object] = {}
    file = home / CONFIG_FILE
    if file.exists():
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: {exc}") from exc
    url = raw.get("database_url", f"sqlite:///{home / 'central.sqlite3'}")
    if not isinstance(url, str):
        raise ConfigError(f"{CONFIG_FILE}: database_url must be a string")
    keep = raw.get("keep_change_batches", DEFAULT_KEEP_BATCHES)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise ConfigError(f"{CONFIG_FILE}: keep_change_batches must be a positive integer")
    trust = raw.get("trust_list", "trust-list.json")
    return CentralConfig(
        home=home,
        database_url=url,
        trust_list=_path(home, trust, "trust_list"),
        signing_key=_path(home, raw.get("signing_key", "list-signing-key.pem"), "signing_key"),
        keep_change_batches=keep,
    )


def write_config(home: Path, **values: object) -> None:
    """Set keys in home/central.toml (strings and integers), keeping the others."""
    file = home / CONFIG_FILE
    current: dict[str, object] = {}
    if file.exists():
        current = tomllib.loads(file.read_text(encoding="utf-8"))
    current.update(values)
    lines = []
    for key, value in sorted(current.items()):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ConfigError(f"{key}: only strings and integers")
        lines.append(
            f"{key} = {value}" if isinstance(value, int) else f"{key} = {json.dumps(value)}"
        )
    home.mkdir(parents=True, exist_ok=True)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
