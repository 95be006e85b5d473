"""exam attempts name who sat down to them: the exam face check or the supervision

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('exam_attempts') as batch:
        batch.add_column(sa.Column('face_check_id', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('supervision_id', sa.String(length=36), nullable=True))
        batch.create_foreign_key(
            'fk_exam_attempts_face_check_id', 'face_checks', ['face_check_id'], ['id']
        )
        batch.create_foreign_key(
            'fk_exam_attempts_supervision_id', 'supervisions', ['supervision_id'], ['id']
        )
        batch.create_index('ix_exam_attempts_face_check_id', ['face_check_id'], unique=True)
        batch.create_index('ix_exam_attempts_supervision_id', ['supervision_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('exam_attempts') as batch:
        batch.drop_index('ix_exam_attempts_supervision_id')
        batch.drop_index('ix_exam_attempts_face_check_id')
        batch.drop_constraint('fk_exam_attempts_supervision_id', type_='foreignkey')
        batch.drop_constraint('fk_exam_attempts_face_check_id', type_='foreignkey')
        batch.drop_column('supervision_id')
        batch.drop_column('face_check_id')
