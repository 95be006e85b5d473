"""The reference server (FastAPI, SQLAlchemy, Alembic)."""
