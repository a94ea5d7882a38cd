"""One sync run as a persisted state machine: time -> trust list -> (changes, or when the
desk holds no list or is too far behind: manifest -> parts -> load -> changes). The stage
and its status are kept in the sync state, so a run cut by a crash or a dropped link
resumes (parts already downloaded are kept and resumed with Range).

A snapshot is loaded in one transaction after every part is verified: the desk keeps
answering from the old list meanwhile and never sees a half-loaded one. Each change
batch is verified, then applied together with the sequence it brings in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy.exc import OperationalError

from hospital_desk.card.reader import SERVER_TIME_KEY
from hospital_desk.card.trust import TrustListError, install_trust_list, read_roots
from hospital_desk.config import Settings
from hospital_desk.desk import Desk
from hospital_desk.errors import StorageError
from hospital_desk.storage import get_state, set_state
from hospital_desk.sync import protocol
from hospital_desk.sync.client import CentralClient, Progress, SyncError, TooFarBehind
from hospital_desk.wire.changes import apply_changes, read_changes
from hospital_desk.wire.signing import MAX_SIGNED_DOCUMENT, WireError, load_public_keys
from hospital_desk.wire.snapshot import (
    Manifest,
    Part,
    check_part,
    held_sequence,
    load_snapshot,
    read_manifest,
)

log = logging.getLogger(__name__)

RUN_KEY = "sync_run"
LAST_SYNC_KEY = "last_sync_utc"
LAST_ERROR_KEY = "last_sync_error"
STAGES = ("time", "trust_list", "manifest", "parts", "load", "changes")
DEVICE_FILE = "device.json"


@dataclass(frozen=True)
class Device:
    server: str
    token: str
    facility_id: str


@dataclass(frozen=True)
class SyncReport:
    sequence: int
    loaded: int  # members loaded from a snapshot (0 when none was needed)
    changed: int = 0  # members changed by change batches


def device_path(settings: Settings) -> Path:
    return settings.home / DEVICE_FILE


def save_device(settings: Settings, device: Device) -> None:
    path = device_path(settings)
    path.touch(mode=0o600, exist_ok=True)
    os.chmod(path, 0o600)
    path.write_text(json.dumps(device.__dict__))


def load_device(settings: Settings) -> Device:
    path = device_path(settings)
    if not path.exists():
        raise SyncError("this desk is not enrolled: run `hospital-desk enrol` first")
    try:
        data = json.loads(path.read_text())
        return Device(str(data["server"]), str(data["token"]), str(data["facility_id"]))
    except (ValueError, KeyError) as exc:
        raise SyncError(f"{path} is damaged: enrol again") from exc


def enrol(settings: Settings, server: str, code: str, facility_id: str) -> Device:
    client = CentralClient(server)
    try:
        token = client.enrol(code, facility_id)
    finally:
        client.close()
    device = Device(server, token, facility_id)
    save_device(settings, device)
    return device


class Syncer:
    def __init__(
        self,
        desk: Desk,
        client: CentralClient,
        progress: Progress | None = None,
        on_stage: Callable[[str], None] | None = None,
    ) -> None:
        self.desk = desk
        self.client = client
        self.progress = progress
        self.on_stage = on_stage or (lambda _stage: None)
        self.downloads = desk.settings.home / "downloads"

    def _mark(self, stage: str, status: str, **extra: object) -> None:
        with self.desk.engine.begin() as connection:
            set_state(connection, RUN_KEY, json.dumps({"stage": stage, "status": status, **extra}))
        self.on_stage(stage)

    def run(self) -> SyncReport:
        try:
            report = self._run()
        except (SyncError, WireError, TrustListError, StorageError) as exc:
            with self.desk.engine.begin() as connection:
                set_state(connection, LAST_ERROR_KEY, exc.message)
            raise
        with self.desk.engine.begin() as connection:
            set_state(
                connection, LAST_SYNC_KEY, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            )
            set_state(connection, LAST_ERROR_KEY, "")
        return report

    def _run(self) -> SyncReport:
        settings = self.desk.settings
        self._mark("time", "started")
        server_time = self.client.server_time()
        with self.desk.engine.begin() as connection:
            set_state(connection, SERVER_TIME_KEY, server_time)
        self._mark("trust_list", "started")
        document = self.client.get_bytes(protocol.TRUST_LIST, "trust list")
        with self.desk.engine.begin() as connection:
            try:
                install_trust_list(connection, document, read_roots(settings.trust_roots))
            except TrustListError as exc:
                if "older" not in exc.message:
                    raise
                log.warning("the server's trust list is older than ours; ours stays")
        keys = load_public_keys(read_roots(settings.list_keys))
        with self.desk.engine.connect() as connection:
            held = held_sequence(connection)
        if held:
            try:
                return self._follow_changes(held, keys, loaded=0)
            except TooFarBehind:
                log.info("the change feed no longer reaches list %s: taking a snapshot", held)
        self._mark("manifest", "started")
        signed = self.client.get_bytes(protocol.SNAPSHOT_LATEST, "snapshot manifest")
        manifest = read_manifest(signed, keys)
        with self.desk.engine.connect() as connection:
            held = held_sequence(connection)
        if manifest.sequence < held:
            raise WireError(
                f"the server offers snapshot {manifest.sequence}, older than ours ({held})"
            )
        loaded = 0
        if manifest.sequence > held:
            self._mark("parts", "started", sequence=manifest.sequence)
            folder = self.downloads / str(manifest.sequence)
            folder.mkdir(parents=True, exist_ok=True)
            self._download_parts(manifest, folder)
            self._mark("load", "started", sequence=manifest.sequence)
            loaded = import_snapshot_dir(self.desk, folder, manifest)
            shutil.rmtree(self.downloads, ignore_errors=True)
            self._mark("load", "completed", sequence=manifest.sequence)
        return self._follow_changes(manifest.sequence, keys, loaded)

    def _follow_changes(
        self, held: int, keys: list[ed25519.Ed25519PublicKey], loaded: int
    ) -> SyncReport:
        """Apply change batches after `held` until the server has nothing newer. Each
        batch is verified, then applied with the sequence in one transaction."""
        changed = 0
        while True:
            self._mark("changes", "started", sequence=held)
            data = self.client.changes(held)
            if data is None:
                self._mark("changes", "completed", sequence=held)
                return SyncReport(held, loaded, changed)
            batch = read_changes(data, keys)
            if batch.previous != held:
                raise WireError(
                    f"the server sent changes {batch.previous}->{batch.sequence} "
                    f"for list {held}: refused"
                )
            with _disk_full_is_a_message(), self.desk.engine.begin() as connection:
                changed += apply_changes(connection, batch)
            held = batch.sequence

    def _download_parts(self, manifest: Manifest, folder: Path) -> None:
        total = sum(p.size for p in manifest.parts)
        before = 0
        for part in manifest.parts:
            target = folder / part.name
            path = protocol.SNAPSHOT_PART.format(sequence=manifest.sequence, name=part.name)

            def report(done: int, _size: int, base: int = before) -> None:
                if self.progress:
                    self.progress(base + done, total)

            self.client.download(path, target, part.size, report)
            try:
                check_part(part, target.read_bytes())
            except WireError:
                target.unlink()  # damaged: fetched again from scratch next time
                raise
            before += part.size


def import_snapshot_dir(desk: Desk, folder: Path, manifest: Manifest | None = None) -> int:
    """Load a verified snapshot from a folder (a finished download or a USB stick)."""
    if manifest is None:
        path = folder / "manifest.json"
        if not path.is_file():
            raise WireError(f"{folder} holds no manifest.json")
        keys = load_public_keys(read_roots(desk.settings.list_keys))
        manifest = read_manifest(path.read_bytes(), keys)

    def fetch(part: Part) -> bytes:
        path = folder / part.name
        if not path.is_file():
            raise WireError(f"part {part.name} is missing from {folder}")
        return path.read_bytes()

    with _disk_full_is_a_message(), desk.engine.begin() as connection:
        return load_snapshot(connection, manifest, fetch)


@contextlib.contextmanager
def _disk_full_is_a_message() -> Iterator[None]:
    """A full disk (or a database at its size limit) aborts the transaction: the old list
    stays in force, and the user is told what to do instead of getting a traceback."""
    try:
        yield
    except (OperationalError, sqlite3.OperationalError) as exc:
        if "full" not in str(exc).lower():
            raise
        raise StorageError(
            "the disk is full: the new member list could not be stored, the old list "
            "stays in force. Free some space, then sync again."
        ) from exc


def import_folder(desk: Desk, folder: Path) -> SyncReport:
    """A folder or USB stick from `hospital-desk-central export`: the snapshot at its top
    (when newer than the list held), then each change batch in `changes/` in sequence.
    Everything is verified exactly as after a download; a gap or an older list is refused."""
    keys = load_public_keys(read_roots(desk.settings.list_keys))
    with desk.engine.connect() as connection:
        held = start = held_sequence(connection)
    manifest_path = folder / "manifest.json"
    batch_files = sorted((folder / "changes").glob("*.batch")) if folder.is_dir() else []
    if not manifest_path.is_file() and not batch_files:
        raise WireError(f"{folder} holds no manifest.json and no changes/*.batch")
    loaded = changed = 0
    offered = 0
    if manifest_path.is_file():
        manifest = read_manifest(_read_bounded(manifest_path), keys)
        offered = manifest.sequence
        if manifest.sequence > held:
            loaded = import_snapshot_dir(desk, folder, manifest)
            held = manifest.sequence
    batches = sorted(
        (read_changes(_read_bounded(path), keys) for path in batch_files), key=lambda b: b.sequence
    )
    for batch in batches:
        offered = max(offered, batch.sequence)
        if batch.sequence <= held:
            continue
        with _disk_full_is_a_message(), desk.engine.begin() as connection:
            changed += apply_changes(connection, batch)  # refuses a gap
        held = batch.sequence
    if offered < start:
        raise WireError(
            f"{folder} holds list {offered}, older than the list held ({start}): refused"
        )
    return SyncReport(held, loaded, changed)


def _read_bounded(path: Path) -> bytes:
    if path.stat().st_size > MAX_SIGNED_DOCUMENT:
        raise WireError(f"{path.name} is too large to be a signed manifest or change batch")
    return path.read_bytes()


def status(desk: Desk) -> dict[str, str | int | None]:
    with desk.engine.connect() as connection:
        run = get_state(connection, RUN_KEY)
        return {
            "list_as_of": get_state(connection, "member_list_as_of"),
            "sequence": held_sequence(connection),
            "last_sync": get_state(connection, LAST_SYNC_KEY),
            "last_error": get_state(connection, LAST_ERROR_KEY) or None,
            "run": run,
            "server_time": get_state(connection, SERVER_TIME_KEY),
        }
