"""Where the desk keeps its data, and the few settings a facility may change.

The data directory is the platform's user data directory (for example
`~/.local/share/hospital-desk` on Linux), or `$HOSPITAL_DESK_HOME` when set
(the tests and the demo set it). An optional `config.toml` in that directory
overrides the defaults:

    database_url = "postgresql+psycopg://desk@db.hospital.local/desk"
    stale_after_days = 7
    language = "km"
    trust_roots = ["roots/nssf-root-2026.pem"]   # pinned NSSF root public keys (PEM)
    list_keys = ["roots/nssf-list-2026.pem"]      # keys that sign the member list (PEM)

Environment variables win over the file: `HOSPITAL_DESK_DATABASE_URL`,
`HOSPITAL_DESK_STALE_DAYS`, `HOSPITAL_DESK_TRUST_ROOTS` (paths separated by the OS
path separator). Relative trust-root paths are relative to the data directory. No root
is built in: production roots are configuration, and the tests and the demo make their own.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from hospital_desk.errors import ConfigError

APP_NAME = "hospital-desk"
DEFAULT_STALE_AFTER_DAYS = 7
RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class Settings:
    """The resolved settings of one desk."""

    home: Path
    database_url: str
    stale_after_days: int
    language: str
    trust_roots: tuple[Path, ...] = ()
    list_keys: tuple[Path, ...] = ()  # Ed25519 public keys that sign the member list

    @property
    def rules_dir(self) -> Path:
        """Where synced rule sets are kept (the baseline ones are in resources/)."""
        return self.home / "rules"


def data_home() -> Path:
    """The desk's data directory, created if missing."""
    env = os.environ.get("HOSPITAL_DESK_HOME")
    home = Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def load_settings(home: Path | None = None) -> Settings:
    """Read the settings for the desk whose data lives in `home`."""
    home = home if home is not None else data_home()
    values: dict[str, object] = {}
    config_file = home / "config.toml"
    if config_file.exists():
        try:
            values = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{config_file} is not valid TOML: {exc}") from exc
    url = os.environ.get("HOSPITAL_DESK_DATABASE_URL") or values.get("database_url")
    if url is None:
        url = f"sqlite:///{home / 'desk.sqlite3'}"
    if not isinstance(url, str):
        raise ConfigError("database_url must be a text SQLAlchemy URL")
    stale_raw = os.environ.get("HOSPITAL_DESK_STALE_DAYS") or values.get(
        "stale_after_days", DEFAULT_STALE_AFTER_DAYS
    )
    try:
        stale = int(str(stale_raw))
    except ValueError as exc:
        raise ConfigError(f"stale_after_days must be a whole number, not {stale_raw!r}") from exc
    if stale < 0:
        raise ConfigError("stale_after_days cannot be negative")
    language = str(values.get("language", "km"))
    if language not in ("km", "en"):
        raise ConfigError(f"language must be 'km' or 'en', not {language!r}")
    roots_env = os.environ.get("HOSPITAL_DESK_TRUST_ROOTS")
    roots_raw: object = roots_env.split(os.pathsep) if roots_env else values.get("trust_roots", [])
    if not isinstance(roots_raw, list) or not all(isinstance(r, str) for r in roots_raw):
        raise ConfigError("trust_roots must be a list of paths to PEM files")
    roots = tuple(home / r for r in roots_raw if r)  # an absolute path stays absolute
    keys_raw = values.get("list_keys", [])
    if not isinstance(keys_raw, list) or not all(isinstance(k, str) for k in keys_raw):
        raise ConfigError("list_keys must be a list of paths to PEM files")
    return Settings(
        home=home,
        database_url=url,
        stale_after_days=stale,
        language=language,
        trust_roots=roots,
        list_keys=tuple(home / k for k in keys_raw if k),
    )
