"""Every exception the core raises, in one tree.

    DeskError                      anything this package raises on purpose
    ├── ConfigError                a configuration value is missing or wrong
    ├── StorageError               the local database cannot be opened or upgraded
    ├── InputError                 something a person or a device gave us is not valid
    │   └── MemberNumberError      not an NSSF number (14 digits, optional suffix)
    ├── RuleSetError               a rule file is unknown, malformed or inconsistent
    └── MemberNotFoundError            no member with that number in the local list

Each carries a message a person can act on; `code` is stable for machines.
"""

from __future__ import annotations


class DeskError(Exception):
    """Base of every error the core raises on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(DeskError):
    code = "config_error"


class StorageError(DeskError):
    code = "storage_error"


class InputError(DeskError):
    code = "input_error"


class MemberNumberError(InputError):
    code = "member_number_invalid"


class RuleSetError(DeskError):
    code = "rule_set_invalid"


class MemberNotFoundError(DeskError):
    code = "member_not_found"
