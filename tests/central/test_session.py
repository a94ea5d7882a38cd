"""Server time, enrolment, device tokens, the trust list and bad requests, over loopback."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket

import requests

from nssf_central.auth import revoke
from tests.central.helpers import call, problem
from tests.serverfixture import CentralServer


def test_time_answers_without_a_token_with_the_servers_utc_clock(
    central_server: CentralServer,
) -> None:
    response = call(central_server, "GET", "/v1/time")
    assert response.status_code == 200
    body = response.json()
    server_time = dt.datetime.fromisoformat(body["server_time"])
    assert abs((server_time - dt.datetime.now(dt.UTC)).total_seconds()) < 60
    assert body["api_version"] == "1"
    assert body["latest_seq"] == 1


def test_a_one_time_code_enrols_once_and_the_token_opens_the_api(
    central_server: CentralServer,
) -> None:
    code = central_server.enrolment_code()
    first = call(central_server, "POST", "/v1/enrol", json={"code": code, "facility_id": "KH-0101"})
    assert first.status_code == 201
    token = first.json()["device_token"]
    assert call(central_server, "GET", "/v1/trust-list", token).status_code == 200
    assert central_server.token("KH-0101") != token
    again = call(central_server, "POST", "/v1/enrol", json={"code": code, "facility_id": "KH-0101"})
    problem(again, 403, "enrolment_refused")
    # The code as people type it: lower case, no dashes.
    typed = central_server.enrolment_code().replace("-", "").lower()
    assert call(central_server, "POST", "/v1/enrol", json={"code": typed, "facility_id": "X"}).ok


def test_a_code_bound_to_a_facility_refuses_another_and_unknown_codes_are_refused(
    central_server: CentralServer,
) -> None:
    code = central_server.enrolment_code("KH-0101")
    wrong = call(central_server, "POST", "/v1/enrol", json={"code": code, "facility_id": "KH-0202"})
    assert "another facility" in problem(wrong, 403, "enrolment_refused")["detail"]
    unknown = call(
        central_server, "POST", "/v1/enrol", json={"code": "AAAA-BBBB-CCCC", "facility_id": "X"}
    )
    problem(unknown, 403, "enrolment_refused")
    assert call(
        central_server, "POST", "/v1/enrol", json={"code": code, "facility_id": "KH-0101"}
    ).ok


def test_missing_wrong_and_revoked_tokens_get_401_with_a_reason(
    central_server: CentralServer,
) -> None:
    problem(call(central_server, "GET", "/v1/trust-list"), 401, "missing_token")
    wrong = call(central_server, "GET", "/v1/trust-list", "x" * 43)
    problem(wrong, 401, "invalid_token")
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    problem(call(central_server, "GET", "/v1/trust-list", "bad token!"), 401, "invalid_token")
    basic = call(central_server, "GET", "/v1/trust-list", headers={"Authorization": "Basic eDp5"})
    problem(basic, 401, "missing_token")
    token = central_server.token("KH-0101")
    other = central_server.token("KH-0202")
    with central_server.engine.begin() as connection:
        assert revoke(connection, facility_id="KH-0101") == 1
    problem(call(central_server, "GET", "/v1/trust-list", token), 401, "token_revoked")
    assert call(central_server, "GET", "/v1/trust-list", other).status_code == 200


def test_the_trust_list_is_served_byte_for_byte_with_an_etag(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    response = call(central_server, "GET", "/v1/trust-list", token)
    assert response.content == central_server.pki.trust_list
    assert response.headers["etag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    again = call(
        central_server,
        "GET",
        "/v1/trust-list",
        token,
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304
    assert again.content == b""


def test_no_trust_list_configured_is_a_clear_404(central_server: CentralServer) -> None:
    token = central_server.token()
    central_server.config.trust_list.unlink()
    problem(call(central_server, "GET", "/v1/trust-list", token), 404, "no_trust_list")


def test_garbage_enrolment_bodies_get_clear_problems_never_a_traceback(
    central_server: CentralServer,
) -> None:
    url = "/v1/enrol"
    json_header = {"Content-Type": "application/json"}
    cases = [
        (b"{not json", json_header, 400, "malformed_json"),
        (b"\xff\xfe\x00", json_header, 400, "malformed_json"),
        (b"[1, 2]", json_header, 400, "malformed_json"),
        (b'{"code": "A"', json_header, 400, "malformed_json"),  # truncated
        (b"[" * 100_000 + b"]" * 100_000, json_header, 413, "body_too_large"),
        (b"[" * 2000 + b"]" * 2000, json_header, 400, "malformed_json"),  # nesting
        (b'{"code": 5, "facility_id": "X"}', json_header, 422, "bad_enrolment"),
        (b'{"code": "A", "facility_id": "../../etc"}', json_header, 422, "bad_enrolment"),
        (
            b'{"code": "A", "facility_id": "X"}',
            {"Content-Type": "text/plain"},
            415,
            "unsupported_media_type",
        ),
        (b"x" * 5000, json_header, 413, "body_too_large"),
    ]
    for body, headers, status, code in cases:
        problem(call(central_server, "POST", url, data=body, headers=headers), status, code)


def test_a_body_streamed_without_a_length_is_cut_off_at_the_limit(
    central_server: CentralServer,
) -> None:
    def chunks():  # chunked transfer encoding: no Content-Length to refuse up front
        yield b'{"code": "'
        for _ in range(100):
            yield b"A" * 1000

    response = call(
        central_server,
        "POST",
        "/v1/enrol",
        data=chunks(),
        headers={"Content-Type": "application/json"},
    )
    problem(response, 413, "body_too_large")


def test_unknown_paths_and_methods_are_problems_too(central_server: CentralServer) -> None:
    problem(call(central_server, "GET", "/v1/nothing-here"), 404, "not_found")
    problem(call(central_server, "DELETE", "/v1/time"), 405, "method_not_allowed")
    response = call(central_server, "GET", "/v1/changes?since=abc", central_server.token())
    problem(response, 400, "bad_parameter")


def test_the_server_survives_a_client_that_hangs_up_mid_body(
    central_server: CentralServer,
) -> None:
    with socket.create_connection(("127.0.0.1", central_server.port), timeout=5) as sock:
        sock.sendall(
            b"POST /v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"code": '
        )
    response = call(central_server, "GET", "/v1/time")
    assert response.status_code == 200
    assert json.loads(response.content)["api_version"] == "1"
    assert isinstance(response, requests.Response)
