"""The layer contracts cover every module: a new core module cannot slip past import-linter."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hospital_desk"
NOT_CORE = {
    "cli",
    "cli_card",
    "cli_claims",
    "cli_sync",
    "cli_ui",
    "__main__",
    "__init__",
}  # the CLI sits on top, like the UI


def _contract(name_start: str) -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"].startswith(name_start))


def _core_modules() -> set[str]:
    modules = {f"hospital_desk.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in NOT_CORE}
    for sub in PACKAGE.iterdir():
        if (
            sub.is_dir()
            and (sub / "__init__.py").exists()
            and sub.name not in {"ui", "sync", "migrations"}
        ):
            modules.add(f"hospital_desk.{sub.name}")
    return modules


def test_every_core_module_is_under_the_no_qt_no_requests_contract() -> None:
    listed = set(_contract("The core imports neither")["source_modules"])  # type: ignore[arg-type]
    assert _core_modules() - listed == set()


def test_only_the_ui_package_imports_pyside6() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "PySide6" for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
