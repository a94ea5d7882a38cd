"""NSSF's central API: the reference server (`hospital-desk-central`).

NSSF's real central API is not public, so this package defines what the desk talks
to: a Starlette application served by uvicorn, its own database through SQLAlchemy
(SQLite by default), a synthetic national member list, signed snapshots written as
static immutable files, and a change log. It imports the desk's core and its wire
format, never the desk's UI, its sync client or Qt (import-linter contract).

Modules: config (where things live), schema and db (its tables), population (init),
simulate (a day of changes with ground truth), publish (snapshots, change batches,
signed rules and tariff: the only user of the wire format), auth (enrolment codes and
device tokens), problems (problem+json and body limits), claims (claims, attachments),
app (the routes), cli (the command).
"""

__version__ = "0.1.0"
API_VERSION = "1"
