"""staff roles and the audit log

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('role', sa.String(length=16), server_default='admin', nullable=False))
        batch.add_column(sa.Column('display_name', sa.String(length=64), server_default='', nullable=False))
        batch.add_column(sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False))
        batch.add_column(sa.Column('password_changed_at', sa.DateTime(), nullable=True))
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('staff_username', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('target', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_audit_entries_at'), 'audit_entries', ['at'], unique=False)
    op.create_index(op.f('ix_audit_entries_staff_id'), 'audit_entries', ['staff_id'], unique=False)
    op.create_index(op.f('ix_audit_entries_action'), 'audit_entries', ['action'], unique=False)
    op.create_index(op.f('ix_audit_entries_target'), 'audit_entries', ['target'], unique=False)


def downgrade() -> None:
    op.drop_table('audit_entries')
    with op.batch_alter_table('staff') as batch:
        batch.drop_column('password_changed_at')
        batch.drop_column('active')
        batch.drop_column('display_name')
        batch.drop_column('role')
