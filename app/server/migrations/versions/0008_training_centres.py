"""training centres: a clerk's centre, an enrollment's centre

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('centre_code', sa.String(length=32), nullable=True))
    with op.batch_alter_table('enrollments') as batch:
        batch.add_column(sa.Column('centre_code', sa.String(length=32), nullable=True))
    op.create_index(op.f('ix_enrollments_centre_code'), 'enrollments', ['centre_code'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_enrollments_centre_code'), table_name='enrollments')
    with op.batch_alter_table('enrollments') as batch:
        batch.drop_column('centre_code')
    with op.batch_alter_table('staff') as batch:
        batch.drop_column('centre_code')
