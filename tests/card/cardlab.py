"""A card laboratory: test keys, a member list, and cards made to order for each result."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from hospital_desk.card.cose import PrivateKey, sign1
from hospital_desk.card.issue import issue_qr_text
from hospital_desk.card.pki import (
    KID_COMPROMISED,
    KID_ED25519,
    KID_ES256,
    KID_RETIRED,
    DemoPki,
    configure_desk,
)
from hospital_desk.card.qrtext import bytes_to_text
from hospital_desk.card.trust import install_trust_list, read_roots
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.member_store import member_from_row
from hospital_desk.members import Member
from hospital_desk.synthetic import generate, load_synthetic

TODAY = dt.date(2026, 12, 4)
LISTED = 2_000  # members 0..1999 of seed 5 are in the desk's list; later ones are not
SEED = 5


@dataclass
class CardLab:
    pki: DemoPki
    members: list[Member]  # generate(LISTED + 50): the last 50 are not in the list
    revoked: list[tuple[Member, int]]  # (member, revoked serial)

    def member(self, *, renewed: bool = False, listed: bool = True) -> Member:
        pool = self.members[:LISTED] if listed else self.members[LISTED:]
        return next(m for m in pool if not renewed or m.card_serial >= 2)

    def text(
        self,
        member: Member | None = None,
        kid: int = KID_ES256,
        key: PrivateKey | None = None,
        issued: dt.date = TODAY - dt.timedelta(days=20),
        expires: dt.date | None = None,
    ) -> str:
        member = member or self.member()
        return issue_qr_text(member, key or self.pki.issuers[kid], kid, issued, expires)

    def signed_payload(self, fields: dict[int, Any], kid: int = KID_ES256) -> str:
        """A correctly signed card around arbitrary payload fields."""
        return bytes_to_text(sign1(cbor2.dumps(fields), self.pki.issuers[kid], kid))


def make_lab(pki: DemoPki) -> CardLab:
    synthetic = list(generate(LISTED + 50, seed=SEED, as_of=TODAY))
    members = [member_from_row(s.row) for s in synthetic]
    revoked = [
        (member_from_row(s.row), serial) for s in synthetic[:LISTED] for serial in s.revoked_serials
    ]
    return CardLab(pki, members, revoked)


def build_template(directory: Path, pki: DemoPki) -> Path:
    """A desk data directory with the list loaded and the test root trusted."""
    directory.mkdir(parents=True, exist_ok=True)
    configure_desk(directory, pki.root_pem)
    settings = dataclasses.replace(
        load_settings(directory), database_url=f"sqlite:///{directory / 'desk.sqlite3'}"
    )
    desk = Desk.open(settings)
    with desk.engine.begin() as connection:
        load_synthetic(connection, LISTED, seed=SEED, as_of=TODAY)
        install_trust_list(connection, pki.trust_list, read_roots(settings.trust_roots))
    desk.close()
    return directory


def copy_template(template: Path, home: Path) -> None:
    for item in template.iterdir():
        target = home / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        elif not item.name.endswith(("-wal", "-shm")):
            shutil.copy2(item, target)


def attacker_key(like: int) -> PrivateKey:
    if like == KID_ED25519:
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1())


__all__ = ["KID_COMPROMISED", "KID_ED25519", "KID_ES256", "KID_RETIRED", "TODAY", "CardLab"]
