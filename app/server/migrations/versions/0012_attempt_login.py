"""exam attempts name the login that answers them

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exam_attempts") as batch:
        batch.add_column(sa.Column("auth_session_id", sa.String(length=36), nullable=True))
        batch.create_foreign_key(
            "fk_exam_attempts_auth_session_id", "auth_sessions", ["auth_session_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("exam_attempts") as batch:
        batch.drop_constraint("fk_exam_attempts_auth_session_id", type_="foreignkey")
        batch.drop_column("auth_session_id")
