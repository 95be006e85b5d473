"""face challenges, crop-judged liveness, the live reference beside the photo

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'face_challenges',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('trainee_id', sa.Integer(), nullable=False),
        sa.Column('gesture', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_face_challenges_trainee_id'), 'face_challenges', ['trainee_id'])
    op.create_index(op.f('ix_face_challenges_expires_at'), 'face_challenges', ['expires_at'])
    with op.batch_alter_table('face_checks') as batch:
        batch.add_column(sa.Column('challenge_id', sa.String(length=32), nullable=True))
        # 'challenge_expired' and 'turn_right' are longer than the old widths.
        batch.alter_column('reason', type_=sa.String(length=32), existing_type=sa.String(length=16))
        batch.alter_column(
            'liveness_method', type_=sa.String(length=16), existing_type=sa.String(length=8)
        )
    with op.batch_alter_table('trainees') as batch:
        batch.add_column(sa.Column('live_embedding', sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('trainees') as batch:
        batch.drop_column('live_embedding')
    with op.batch_alter_table('face_checks') as batch:
        batch.alter_column(
            'liveness_method', type_=sa.String(length=8), existing_type=sa.String(length=16)
        )
        batch.alter_column('reason', type_=sa.String(length=16), existing_type=sa.String(length=32))
        batch.drop_column('challenge_id')
    op.drop_index(op.f('ix_face_challenges_expires_at'), table_name='face_challenges')
    op.drop_index(op.f('ix_face_challenges_trainee_id'), table_name='face_challenges')
    op.drop_table('face_challenges')
