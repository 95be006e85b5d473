"""One contract, checked: for every endpoint the client uses, every field the client's
wire types (app/sync/wire.py) read is one the server's schemas (its OpenAPI) answer, at
every depth, and every body the API client sends has the fields the server's request
schema takes, no more. The two layers stay apart (import-linter) without drifting.

A field only the server has is no drift: API.md's contract adds and never renames, and a
field the client does not know yet travels along in the TypedDict untouched.

The server's side is its own OpenAPI document (no server runs); the client's side is the
wire TypedDicts for answers, and for requests the bodies the real ApiClient builds, caught
by an injected requests.Session that answers every call itself.
"""

from __future__ import annotations

import json
import types
import typing
from datetime import UTC, datetime
from typing import (
    Any,
    Literal,
    NotRequired,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

import pytest
import requests

from app.core.progress import CloseReason, ProgressEvent
from app.server import schemas
from app.server.main import build_context, create_app
from app.server.settings import Settings
from app.sync import wire
from app.sync.api import ApiClient

# (method, path as in the OpenAPI, the wire type the client reads the answer as)
ANSWERS: list[tuple[str, str, Any]] = [
    ("post", "/api/v1/auth/login", wire.LoginResult),
    ("get", "/api/v1/me", wire.Me),
    ("get", "/api/v1/enrollments/{enrollment_id}/lessons", list[wire.Lesson]),
    ("post", "/api/v1/face-checks/challenges", wire.FaceChallenge),
    ("post", "/api/v1/face-checks", wire.FaceCheckResult),
    ("post", "/api/v1/progress", wire.ProgressAnswer),
    ("post", "/api/v1/enrollments/{enrollment_id}/attempts", wire.Attempt),
    ("get", "/api/v1/attempts/{attempt_id}", wire.Attempt),
    ("post", "/api/v1/attempts/{attempt_id}/submit", wire.ExamResult),
    ("post", "/api/v1/attempts/{attempt_id}/abandon", wire.ExamResult),
    ("post", "/api/v1/enrollments/{enrollment_id}/applications", wire.Application),
    ("get", "/api/v1/enrollments/{enrollment_id}/applications", list[wire.Application]),
    ("get", "/api/v1/receipts/{serial}", wire.ReceiptCheck),
]


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("contract")
    context = build_context(Settings(data_dir=folder, demo=False, media_dir=folder / "media"))
    return create_app(context).openapi()


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The schema itself: $ref followed, `X | None` reduced to X."""
    while True:
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            continue
        options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
        if len(options) == 1:
            schema = options[0]
            continue
        return schema


def unwrap(kind: Any) -> Any:
    """The type itself: `X | None` reduced to X, Literal to its values' type."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        return unwrap(options[0]) if len(options) == 1 else kind
    if origin is Literal:
        return type(get_args(kind)[0])
    return kind


def differences(spec: dict[str, Any], kind: Any, schema: dict[str, Any], where: str) -> list[str]:
    """The fields the wire type reads that the server's schema does not answer."""
    kind, schema = unwrap(kind), resolve(spec, schema)
    if get_origin(kind) is list:
        if schema.get("type") != "array":
            return [f"{where}: a list on the client, {schema.get('type')} on the server"]
        if "items" not in schema:  # a tuple (prefixItems): values, not fields
            return []
        return differences(spec, get_args(kind)[0], schema["items"], where + "[]")
    if not is_typeddict(kind):
        return []  # a value: its JSON type is pydantic's to check on the server
    fields = get_type_hints(kind)
    served = schema.get("properties", {})
    found = [f"{where}.{name}: only on the client" for name in fields.keys() - served.keys()]
    for name in fields.keys() & served.keys():
        found += differences(spec, fields[name], served[name], f"{where}.{name}")
    return found


# RULES: SYNC-1
@pytest.mark.parametrize(("method", "path", "kind"), ANSWERS, ids=[f"{m} {p}" for m, p, _ in ANSWERS])  # noqa: E501
def test_the_client_reads_every_field_the_server_answers(
    openapi: dict[str, Any], method: str, path: str, kind: Any
) -> None:
    responses = openapi["paths"][path][method]["responses"]
    [schema] = [
        answer["content"]["application/json"]["schema"]
        for code, answer in responses.items() if code.startswith("2")
    ]  # fmt: skip
    assert differences(openapi, kind, schema, path) == []


class Recorder(requests.Session):
    """Answers every call itself and keeps what was sent: no server needed."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: dict[tuple[str, str], Any] = {}

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        path = str(url).split("/api/v1", 1)[1]
        self.sent[(str(method), path)] = kwargs.get("json") or kwargs.get("files")
        answer = requests.Response()
        answer.status_code = 200
        answer._content = json.dumps({"token": "t", "session_id": "s"}).encode()
        return answer


def request_fields(spec: dict[str, Any], path: str, method: str) -> tuple[set[str], set[str]]:
    """(every field, the required ones) of an endpoint's JSON request body."""
    body = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
    schema = resolve(spec, body["schema"])
    return set(schema["properties"]), set(schema.get("required", []))


def check_body(sent: dict[str, Any], fields: set[str], required: set[str], where: str) -> None:
    assert set(sent) <= fields, f"{where}: the server does not take {set(sent) - fields}"
    assert required <= set(sent), f"{where}: the client leaves out {required - set(sent)}"


# RULES: SYNC-1, EXAM-4, EXAM-7, FACE-3, PROG-5
def test_every_body_the_client_sends_fits_the_server(openapi: dict[str, Any]) -> None:
    recorder = Recorder()
    client = ApiClient("http://contract.invalid", session=recorder, retries=0)
    now = datetime.now(UTC)
    event = ProgressEvent("e1", "s1", 1, 0.0, 1.0, now, now, None, CloseReason.CHUNK)
    incident: wire.Incident = {"incident_id": "i1", "kind": "focus_lost", "at": now.isoformat(),
                               "detail": ""}  # fmt: skip
    client.login("530102198001010015", "12345678")
    client.change_password("12345678", "Anquan2026!")
    client.send_progress([event.to_payload()])
    client.save_answer("a1", "q1", ["A"])
    client.report_incident("a1", incident)
    client.apply(1, "extension", "13800000000", "生病住院")
    client.face_check({"check_id": "c1"}, [b"crop"])

    calls = {
        ("POST", "/auth/login"): "/api/v1/auth/login",
        ("POST", "/auth/password"): "/api/v1/auth/password",
        ("PUT", "/attempts/a1/answers/q1"): "/api/v1/attempts/{attempt_id}/answers/{question_id}",
        ("POST", "/attempts/a1/incidents"): "/api/v1/attempts/{attempt_id}/incidents",
        ("POST", "/enrollments/1/applications"): "/api/v1/enrollments/{enrollment_id}/applications",
    }
    for (method, sent_path), path in calls.items():
        fields, required = request_fields(openapi, path, method.lower())
        check_body(recorder.sent[(method, sent_path)], fields, required, sent_path)

    fields, required = request_fields(openapi, "/api/v1/progress", "post")
    assert fields == {"events"}
    batch = resolve(openapi, openapi["components"]["schemas"]["ProgressBatch"])
    event_schema = resolve(openapi, batch["properties"]["events"]["items"])
    check_body(recorder.sent[("POST", "/progress")]["events"][0],
               set(event_schema["properties"]), set(event_schema.get("required", [])),
               "/progress events[]")  # fmt: skip
    assert differences(openapi, wire.ProgressEvent, event_schema, "ProgressEvent") == []
    assert differences(openapi, wire.Incident, resolve(
        openapi, openapi["components"]["schemas"]["IncidentRequest"]), "Incident") == []

    # A face check is multipart: `meta` (JSON, the server's FaceCheckMeta) and the crops.
    parts = [name for name, _ in recorder.sent[("POST", "/face-checks")]]
    assert parts == ["meta", "crop"]
    # The meta the client builds (check_runner, typed as wire.FaceCheckMeta) against the
    # server's FaceCheckMeta at every depth: no field the server does not take, and every
    # field it requires sent always (not NotRequired on the client).
    meta_schema = resolve(openapi, schemas.FaceCheckMeta.model_json_schema(
        ref_template="#/components/schemas/{model}"))  # fmt: skip
    spec = {"components": {"schemas": schemas.FaceCheckMeta.model_json_schema(
        ref_template="#/components/schemas/{model}").get("$defs", {})}}  # fmt: skip
    assert differences(spec, wire.FaceCheckMeta, meta_schema, "FaceCheckMeta") == []
    assert missing_required(spec, wire.FaceCheckMeta, meta_schema, "FaceCheckMeta") == []


def missing_required(
    spec: dict[str, Any], kind: Any, schema: dict[str, Any], where: str
) -> list[str]:
    """The fields the server requires that the client's wire type may leave out, at every depth."""
    kind, schema = unwrap(kind), resolve(spec, schema)
    if get_origin(kind) is list and "items" in schema:
        return missing_required(spec, get_args(kind)[0], schema["items"], where + "[]")
    if not is_typeddict(kind):
        return []
    # NotRequired read from the hints: with postponed annotations (3.11) the TypedDict's
    # own __required_keys__ cannot see it.
    hints = get_type_hints(kind, include_extras=True)
    always = {name for name, hint in hints.items() if get_origin(hint) is not NotRequired}
    found = [f"{where}.{name}: the client may leave it out"
             for name in set(schema.get("required", [])) - always]  # fmt: skip
    fields = get_type_hints(kind)
    for name in fields.keys() & schema.get("properties", {}).keys():
        found += missing_required(spec, fields[name], schema["properties"][name], f"{where}.{name}")
    return found


def test_the_contract_sees_a_drifted_field(openapi: dict[str, Any]) -> None:
    """The check itself can fail: a wire type with a field renamed is caught."""

    class Drifted(typing.TypedDict):
        check_id: str
        passed: bool
        distance_m: float | None  # renamed on the client only
        reason: str | None

    schema = openapi["components"]["schemas"]["FaceCheckResult"]
    assert differences(openapi, Drifted, schema, "FaceCheckResult") == [
        "FaceCheckResult.distance_m: only on the client",
    ]


class DriftedLiveness(typing.TypedDict):
    way: str  # the server's `method`, renamed on the client only
    passed: bool


class DriftedMeta(typing.TypedDict):
    check_id: typing.NotRequired[str]  # the server requires it
    purpose: str
    started_at: str
    ended_at: str
    liveness: DriftedLiveness


def test_the_contract_sees_a_drifted_face_check_meta() -> None:
    """The meta's check can fail too: a renamed nested field, a required one left optional."""
    built = schemas.FaceCheckMeta.model_json_schema(ref_template="#/components/schemas/{model}")
    spec = {"components": {"schemas": built.get("$defs", {})}}
    assert differences(spec, DriftedMeta, built, "FaceCheckMeta") == [
        "FaceCheckMeta.liveness.way: only on the client",
    ]
    assert missing_required(spec, DriftedMeta, built, "FaceCheckMeta") == [
        "FaceCheckMeta.check_id: the client may leave it out",
        "FaceCheckMeta.liveness.method: the client may leave it out",
    ]
