"""NSSF Hospital Desk: the core.

Plain Python: members, eligibility rules, card codec, claims, storage. This
package and its core modules import no PySide6 and no requests; `sync` talks
HTTP, `ui` is the only Qt layer (see docs/architecture.md).
"""

__version__ = "0.1.0"
