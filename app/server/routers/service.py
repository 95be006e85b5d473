"""Service: health and the server's clock."""

from fastapi import APIRouter

import app
from app.server import schemas
from app.server.deps import Context

router = APIRouter(tags=["service"])


@router.get("/health")
def health() -> schemas.Health:
    return schemas.Health(status="ok", version=app.__version__)


@router.get("/time")
def server_time(context: Context) -> schemas.ServerTime:
    return schemas.ServerTime(now=context.now())
