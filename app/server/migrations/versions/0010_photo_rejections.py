"""photo rejections in the database (FACE-1's limit, known to every server process)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('photo_rejections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_photo_rejections_trainee_id'), 'photo_rejections', ['trainee_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_photo_rejections_trainee_id'), table_name='photo_rejections')
    op.drop_table('photo_rejections')
