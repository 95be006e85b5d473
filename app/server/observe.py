"""What a deployment watches: which process answered, and `/metrics` in Prometheus text.

Every response names its process (`X-Cedu-Process: host:pid`), so behind nginx one can
see requests spread over the processes. `/metrics` is per process for requests and
latencies (Prometheus scrapes each process's own port; deploy/nginx keeps the path from
the public) and read from the database at scrape time for what the province counts:
credited seconds, face checks passed and failed, exam attempts open. Those are the same
from every process.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator

from fastapi import APIRouter, Request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.server.context import ServerContext
from app.server.models import ExamAttempt, FaceCheck, LessonProgress

PROCESS_NAME = f"{socket.gethostname()}:{os.getpid()}"
_PROCESS_HEADER = (b"x-cedu-process", PROCESS_NAME.encode())
# Seconds: progress batches take ~5-20 ms, logins ~100 ms (Argon2id), media links 1 ms.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _DatabaseFacts(Collector):
    """Read at each scrape, so every process reports the one truth of the database."""

    def __init__(self, context: ServerContext) -> None:
        self._context = context

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._context.sessions() as db:
            credited = db.scalar(select(func.coalesce(func.sum(LessonProgress.credited_s), 0)))
            checks = dict(
                db.execute(select(FaceCheck.passed, func.count()).group_by(FaceCheck.passed)).all()
            )
            open_attempts = db.scalar(
                select(func.count()).select_from(ExamAttempt).where(ExamAttempt.state == "open")
            )
        yield GaugeMetricFamily(
            "cedu_credited_seconds", "Lesson seconds credited, all trainees", value=credited
        )
        faces = GaugeMetricFamily(
            "cedu_face_checks", "Face checks judged by the server", labels=["result"]
        )
        faces.add_metric(["passed"], checks.get(True, 0))
        faces.add_metric(["failed"], checks.get(False, 0))
        yield faces
        yield GaugeMetricFamily(
            "cedu_exam_attempts_open", "Exam attempts under way", value=open_attempts or 0
        )


class Observer:
    """The process's own registry: requests and their latencies, by route template."""

    def __init__(self, context: ServerContext) -> None:
        self.registry = CollectorRegistry()
        labels = ["method", "route", "status"]
        self.requests = Counter(
            "cedu_http_requests", "HTTP requests answered", labels, registry=self.registry
        )
        self.latency = Histogram(
            "cedu_http_request_seconds",
            "From the request's arrival to the end of its answer",
            ["method", "route"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_DatabaseFacts(context))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class ObserveMiddleware:
    """Names the process on every answer and times it (pure ASGI: no body buffering)."""

    def __init__(self, app: ASGIApp, observer: Observer) -> None:
        self.app = app
        self.observer = observer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), _PROCESS_HEADER]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                route = scope.get("route")
                # The template (/attempts/{attempt_id}), never the raw path: bounded labels.
                name = getattr(route, "path", "unmatched")
                method = scope["method"]
                self.observer.requests.labels(method, name, str(status)).inc()
                self.observer.latency.labels(method, name).observe(time.perf_counter() - started)
            await send(message)

        await self.app(scope, receive, send_observed)


router = APIRouter(tags=["service"])


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    observer: Observer = request.app.state.observer
    return Response(observer.render(), media_type="text/plain; version=0.0.4; charset=utf-8")
