"""Every answer the server gives in a scripted session is one the contract documents:
its status code is listed for that route, its content type is listed for that status,
and a JSON body validates against the documented schema (OpenAPI 3.1 / JSON Schema)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import requests
import yaml
from openapi_schema_validator import OAS31Validator

from tests.central.helpers import call
from tests.serverfixture import CentralServer

SPEC = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml").read_text()
)


def _template(path: str) -> str:
    """The documented path template a concrete path matches."""
    for template in SPEC["paths"]:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} matches no documented path")


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node and len(node) == 1:
        target: Any = SPEC
        for key in node["$ref"].removeprefix("#/").split("/"):
            target = target[key]
        node = target
    return node


def conforms(response: requests.Response) -> None:
    request = response.request
    assert request.method is not None and request.path_url is not None
    path = request.path_url.split("?")[0]
    operation = SPEC["paths"][_template(path)][request.method.lower()]
    documented = operation["responses"]
    status = str(response.status_code)
    assert status in documented, f"{request.method} {path} answered {status}, not documented"
    spec_response = _resolve(documented[status])
    content = spec_response.get("content")
    if not content:
        assert response.content == b"", f"{status} documents no body"
        return
    media = response.headers["content-type"].split(";")[0]
    assert media in content, f"{request.method} {path} {status}: {media} not documented"
    if media.endswith("json"):
        schema = {**content[media]["schema"], "components": SPEC["components"]}
        OAS31Validator(schema).validate(response.json())


def test_a_session_over_every_route_gets_only_documented_answers(
    central_server: CentralServer,
) -> None:
    s = central_server
    answers = [call(s, "GET", "/v1/time")]
    code = s.enrolment_code()
    answers.append(call(s, "POST", "/v1/enrol", json={"code": code, "facility_id": "KH-1"}))
    token = answers[-1].json()["device_token"]
    answers += [
        call(s, "POST", "/v1/enrol", json={"code": code, "facility_id": "KH-1"}),  # 403
        call(s, "POST", "/v1/enrol", data=b"{", headers={"Content-Type": "application/json"}),
        call(s, "POST", "/v1/enrol", data=b"{}", headers={"Content-Type": "text/plain"}),
        call(s, "POST", "/v1/enrol", json={"code": 1, "facility_id": "x"}),  # 422
        call(s, "GET", "/v1/trust-list", token),
        call(s, "GET", "/v1/trust-list"),  # 401
        call(s, "GET", "/v1/snapshots/latest", token),
        call(s, "GET", "/v1/snapshots/1/parts/members-0000.zst", token),
        call(
            s,
            "GET",
            "/v1/snapshots/1/parts/members-0000.zst",
            token,
            headers={"Range": "bytes=0-99"},
        ),
        call(s, "GET", "/v1/snapshots/1/parts/nothing.zst", token),  # 404
        call(s, "GET", "/v1/rules/latest", token),
        call(s, "GET", "/v1/tariff/latest", token),
    ]
    s.simulate_days(1)
    answers += [
        call(s, "GET", "/v1/changes?since=1", token),
        call(s, "GET", "/v1/changes?since=2", token),  # 204
        call(s, "GET", "/v1/changes?since=9", token),  # 409
        call(s, "GET", "/v1/changes?since=0", token),  # 410
        call(s, "GET", "/v1/changes?since=x", token),  # 400
    ]
    claim = {"benefit": "hospitalisation", "member_id": 10_000_000_000_123, "amount_claimed": 1}
    key = {"Idempotency-Key": "conform-claim-1"}
    answers += [
        call(s, "POST", "/v1/claims", token, json=claim, headers=key),
        call(s, "POST", "/v1/claims", token, json=claim, headers=key),
        call(s, "POST", "/v1/claims", token, json={**claim, "amount_claimed": 2}, headers=key),
        call(s, "POST", "/v1/claims", token, json=claim),  # 400
    ]
    s.review_claims()
    s.review_claims()
    answers += [
        call(s, "GET", "/v1/claims/changes?cursor=0", token),
        call(s, "GET", "/v1/claims/changes?cursor=-3", token),
    ]
    pdf = b"%PDF-1.4 conform"
    digest = hashlib.sha256(pdf).hexdigest()
    pdf_type = {"Content-Type": "application/pdf"}
    answers += [
        call(s, "PUT", f"/v1/attachments/{digest}", token, data=pdf, headers=pdf_type),
        call(s, "PUT", f"/v1/attachments/{digest}", token, data=pdf, headers=pdf_type),
        call(s, "PUT", f"/v1/attachments/{'0' * 64}", token, data=pdf, headers=pdf_type),
        call(
            s,
            "PUT",
            f"/v1/attachments/{digest}",
            token,
            data=pdf,
            headers={"Content-Type": "text/html"},
        ),
        call(
            s,
            "POST",
            "/v1/scan-log",
            token,
            json={"scans": [{"id": 1, "at": "2026-11-02T08:00:00Z", "code": "green"}]},
        ),
        call(s, "POST", "/v1/scan-log", token, json={"scans": [{"id": "x"}]}),  # 422
    ]
    statuses = set()
    for response in answers:
        conforms(response)
        statuses.add(response.status_code)
    assert statuses >= {200, 201, 204, 206, 400, 401, 403, 404, 409, 410, 415, 422}
