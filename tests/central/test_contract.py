"""docs/api/openapi.yaml is a valid OpenAPI 3.1 document and says exactly what the server serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

from nssf_central.app import served_paths
from tests.central.helpers import call, problem
from tests.serverfixture import CentralServer

SPEC = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def _documented() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in _spec()["paths"].items()
        for method in item
        if method in METHODS
    }


def test_the_openapi_document_validates_as_openapi_3_1() -> None:
    spec = _spec()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_route_served_is_documented_and_every_documented_route_is_served() -> None:
    served = set(served_paths())
    assert served - _documented() == set(), "served but not in docs/api/openapi.yaml"
    assert _documented() - served == set(), "documented but not served"


def test_every_route_but_time_and_enrol_needs_a_device_token(
    central_server: CentralServer,
) -> None:
    spec = _spec()
    open_routes = set()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            concrete = (
                path.replace("{sequence}", "1")
                .replace("{name}", "members")
                .replace("{sha256}", "0" * 64)
            )
            if operation.get("security", spec["security"]) == []:
                open_routes.add((method.upper(), path))
                continue
            response = call(central_server, method.upper(), concrete + "?since=1")
            problem(response, 401, "missing_token")
    assert open_routes == {("GET", "/v1/time"), ("POST", "/v1/enrol")}
