"""face data consent, supervised study, face data deletions (FACE-8)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('text_version', sa.String(length=32), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_consents_trainee_id'), 'consents', ['trainee_id'], unique=False)
    op.create_table('supervisions',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('auth_session_id', sa.String(length=36), nullable=False),
    sa.Column('place', sa.String(length=128), nullable=False),
    sa.Column('device_name', sa.String(length=128), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_by', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['auth_session_id'], ['auth_sessions.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('auth_session_id')
    )
    op.create_index(op.f('ix_supervisions_staff_id'), 'supervisions', ['staff_id'], unique=False)
    op.create_index(op.f('ix_supervisions_trainee_id'), 'supervisions', ['trainee_id'], unique=False)
    op.create_table('face_data_deletions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=True),
    sa.Column('cause', sa.String(length=16), nullable=False),
    sa.Column('photos', sa.Integer(), nullable=False),
    sa.Column('templates', sa.Integer(), nullable=False),
    sa.Column('crops', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_face_data_deletions_at'), 'face_data_deletions', ['at'], unique=False)
    op.create_index(op.f('ix_face_data_deletions_trainee_id'), 'face_data_deletions', ['trainee_id'], unique=False)


def downgrade() -> None:
    op.drop_table('face_data_deletions')
    op.drop_table('supervisions')
    op.drop_table('consents')
