"""ids per trainee (event_id, check_id, incident_id) and the one-clock index (PROG-5)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

import warnings

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _primary_key(table: str, columns: list[str]) -> None:
    """Replace a table's primary key: PostgreSQL alters it in place; SQLite's batch mode
    copies the table with the new key."""
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(f'{table}_pkey', table, type_='primary')
        op.create_primary_key(f'{table}_pkey', table, columns)
    else:
        with warnings.catch_warnings():
            # The copy's key is the new one, as intended: SQLAlchemy notes the change.
            warnings.filterwarnings('ignore', 'Table .* specifies columns', sa.exc.SAWarning)
            with op.batch_alter_table(table, recreate='always') as batch_op:
                batch_op.create_primary_key(f'{table}_pkey', columns)


def upgrade() -> None:
    _primary_key('progress_events', ['trainee_id', 'event_id'])
    with op.batch_alter_table('progress_events') as batch_op:
        batch_op.drop_index('ix_progress_events_trainee_id')
        batch_op.create_index('progress_events_trainee_ended', ['trainee_id', 'ended_at'])
    _primary_key('attempt_incidents', ['id', 'attempt_id'])
    # The client's check id moves to its own column; older rows keep it as their key too.
    with op.batch_alter_table('face_checks') as batch_op:
        batch_op.add_column(sa.Column('check_id', sa.String(length=64), nullable=True))
    op.execute('UPDATE face_checks SET check_id = id')
    with op.batch_alter_table('face_checks') as batch_op:
        batch_op.alter_column('check_id', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(
            'face_checks_trainee_id_check_id_key', ['trainee_id', 'check_id']
        )


def downgrade() -> None:
    with op.batch_alter_table('face_checks') as batch_op:
        batch_op.drop_constraint('face_checks_trainee_id_check_id_key', type_='unique')
        batch_op.drop_column('check_id')
    _primary_key('attempt_incidents', ['id'])
    with op.batch_alter_table('progress_events') as batch_op:
        batch_op.drop_index('progress_events_trainee_ended')
        batch_op.create_index('ix_progress_events_trainee_id', ['trainee_id'])
    _primary_key('progress_events', ['event_id'])
