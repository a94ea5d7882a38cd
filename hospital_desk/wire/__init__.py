"""The member-list wire format, shared by the central server (writer) and the desk (reader).

    snapshot.py   a signed manifest and columnar, zstandard-compressed parts
    changes.py    signed change batches (upserts, tombstones, revocations) between sequences
    signing.py    Ed25519 signatures over canonical JSON

Nothing read from the wire is used before its signature and hashes are checked.
"""
