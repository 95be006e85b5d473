"""schemathesis against the live server's /openapi.json: every operation, bounded
examples each, authenticated as a ready trainee (staff calls as the admin). No answer
may be a 5xx, and every answer must match the schema the server publishes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.support.faults import Http
from tests.support.live_server import LiveServer, shared_media_dir, start_server

EXAMPLES = 30  # per operation: enough to find crashes, short enough for CI
TRAINEE = "532501198811200037"  # 王五: paid, lessons watched, exam open


@pytest.fixture(scope="module")
def fuzzed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.getbasetemp()
    server = start_server(
        tmp_path_factory.mktemp("fuzz") / "data", None, shared_media_dir(Path(base))
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tokens(fuzzed_server: LiveServer) -> dict[str, str]:
    http = Http(fuzzed_server.api)
    return {"trainee": http.ready_trainee(TRAINEE), "admin": http.admin_token()}


def fuzzer(operation: Any, base_url: str, headers: dict[str, str]) -> Callable[[], None]:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(
            base_url=base_url,
            headers=headers,
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )

    return fuzz  # type: ignore[no-any-return]


@pytest.mark.slow
def test_no_5xx_and_every_answer_matches_the_schema(
    fuzzed_server: LiveServer, tokens: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_url(fuzzed_server.url + "/openapi.json")
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        who = "admin" if operation.path.startswith("/api/v1/admin") else "trainee"
        headers = {"Authorization": f"Bearer {tokens[who]}"}

        fuzz = fuzzer(operation, fuzzed_server.url, headers)
        try:
            fuzz()
        except Exception as failure:  # collected, reported together
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    assert operations >= 25
    assert not failures, "\n\n".join(failures)
