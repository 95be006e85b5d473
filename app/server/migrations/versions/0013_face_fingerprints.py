"""face checks' crops kept as perceptual hashes, to find replayed crops

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('face_fingerprints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.String(length=64), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('hashes', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['check_id'], ['face_checks.id'], ),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_face_fingerprints_check_id'), 'face_fingerprints', ['check_id'], unique=False)
    op.create_index(op.f('ix_face_fingerprints_trainee_id'), 'face_fingerprints', ['trainee_id'], unique=False)
    op.create_index(op.f('ix_face_fingerprints_created_at'), 'face_fingerprints', ['created_at'], unique=False)
    with op.batch_alter_table('face_checks') as batch:
        batch.add_column(sa.Column('reason_detail', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('face_checks') as batch:
        batch.drop_column('reason_detail')
    op.drop_index(op.f('ix_face_fingerprints_created_at'), table_name='face_fingerprints')
    op.drop_index(op.f('ix_face_fingerprints_trainee_id'), table_name='face_fingerprints')
    op.drop_index(op.f('ix_face_fingerprints_check_id'), table_name='face_fingerprints')
    op.drop_table('face_fingerprints')
