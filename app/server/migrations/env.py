"""Alembic environment: runs on the engine the server hands over (see migrate.py)."""

from alembic import context
from sqlalchemy import Engine, create_engine

from app.server import models  # noqa: F401  (registers the tables on Base.metadata)
from app.server.db import Base

config = context.config
engine = config.attributes.get("engine")
if not isinstance(engine, Engine):
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
