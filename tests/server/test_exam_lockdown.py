"""EXAM-7, what the lock reports beyond focus and keys: forbidden programs, virtual
machines, remote sessions, capture exclusion refused, injected keys; and the list of
forbidden programs the server hands the clients (its own setting, else the bundled one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.proctor.programs import DEFAULT_LIST, ProgramListError, load_list
from app.server.main import build_context
from app.server.models import AttemptIncident
from app.server.settings import Settings
from tests.support.live_server import LiveServer
from tests.support.server_exams import WANG, ready_enrollment, start_attempt

NEW_KINDS = (
    "forbidden_program",
    "virtual_machine",
    "remote_session",
    "capture_not_blocked",
    "injected_input",
)


def test_the_new_incident_kinds_are_kept_on_the_attempt(sqlite_server: LiveServer) -> None:
    # RULES: EXAM-7
    server = sqlite_server
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    path = f"/attempts/{attempt['id']}/incidents"
    for number, kind in enumerate(NEW_KINDS):
        incident = {
            "incident_id": f"inc-new-{number}",
            "kind": kind,
            "at": "2026-11-24T10:00:00+08:00",
            "detail": f"{kind} detail",
        }
        assert server.call("POST", path, token, json=incident).status_code == 204, kind
    with server.context.sessions() as db:
        kinds = {row.kind for row in db.scalars(select(AttemptIncident)).all()}
    assert kinds == set(NEW_KINDS)
    assert server.call("GET", f"/attempts/{attempt['id']}", token).json()["state"] == "open"

    # The list the client checks against: the bundled one, for trainees only.
    listed = server.call("GET", "/exam/forbidden-programs", token)
    assert listed.status_code == 200
    assert listed.json() == load_list().to_json()
    names = {p["name"] for p in listed.json()["programs"]}
    assert {"ToDesk", "AnyDesk", "TeamViewer", "ChatGPT"} <= names
    refused = server.call("GET", "/exam/forbidden-programs")
    assert refused.status_code == 401


def test_a_server_setting_replaces_the_list(tmp_path: Path) -> None:
    # RULES: EXAM-7
    own = {
        "version": "province-2027-01",
        "programs": [
            {"name": "某远程工具", "category": "remote", "processes": ["SomeRemote.exe"]},
        ],
    }
    path = tmp_path / "programs.json"
    path.write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", forbidden_programs_file=path)
    context = build_context(settings)
    try:
        served = context.forbidden_programs.to_json()
    finally:
        context.engine.dispose()
    assert served == {
        "version": "province-2027-01",
        "programs": [
            {
                "name": "某远程工具",
                "category": "remote",
                "processes": ["someremote"],
                "products": [],
            }
        ],
    }


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"programs": [{"name": "x", "category": "games", "processes": ["x"]}]}',
        '{"programs": [{"name": "x", "category": "remote"}]}',
        '{"programs": [{"name": "", "category": "remote", "processes": ["x"]}]}',
        '{"programs": [{"name": "x", "category": "remote", "processes": [7]}]}',
    ],
)
def test_a_broken_list_stops_the_server_at_start(tmp_path: Path, content: str) -> None:
    path = tmp_path / "programs.json"
    path.write_text(content, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", forbidden_programs_file=path)
    with pytest.raises(ProgramListError):
        build_context(settings)
    assert DEFAULT_LIST.is_file()
