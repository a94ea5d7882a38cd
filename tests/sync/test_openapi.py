"""docs/api/openapi.yaml is a valid OpenAPI 3.1 document and matches the server's routes."""

from __future__ import annotations

from pathlib import Path

import yaml
from openapi_spec_validator import validate
from starlette.routing import Route

from nssf_central.app import make_app

DOC = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


def _document() -> dict[str, object]:
    return dict(yaml.safe_load(DOC.read_text(encoding="utf-8")))


def test_openapi_document_validates() -> None:
    validate(_document())


def test_every_served_route_is_documented_and_every_documented_route_is_served(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    served = {
        (route.path.replace("{sequence:int}", "{sequence}"), method.lower())
        for route in app.routes
        if isinstance(route, Route)
        for method in (route.methods or ()) - {"HEAD"}
    }
    paths = _document()["paths"]
    assert isinstance(paths, dict)
    documented = {(path, method) for path, item in paths.items() for method in item}
    assert served == documented
