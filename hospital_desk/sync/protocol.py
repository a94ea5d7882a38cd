"""Every endpoint of the central API the desk calls (docs/api/openapi.yaml has them all)."""

from __future__ import annotations

TIME = "/v1/time"
ENROL = "/v1/enrol"
TRUST_LIST = "/v1/trust-list"
SNAPSHOT_LATEST = "/v1/snapshots/latest"
SNAPSHOT_PART = "/v1/snapshots/{sequence}/parts/{name}"
SCAN_LOG = "/v1/scan-log"
CHANGES = "/v1/changes?since={since}"
CLAIMS = "/v1/claims"
CLAIM_CHANGES = "/v1/claims/changes?cursor={cursor}&limit={limit}"
ATTACHMENT = "/v1/attachments/{sha256}"
TARIFF_LATEST = "/v1/tariff/latest"
