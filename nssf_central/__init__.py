"""The reference central server: NSSF's side of the contract in docs/api/openapi.yaml.

It stands in for NSSF's real (non-public) API in the demo and the tests: facility
enrolment, the trust list, signed member-list snapshots served as static, immutable
files with ETag and Range. It imports the core and the wire format, never the desk's
UI or sync client.
"""
