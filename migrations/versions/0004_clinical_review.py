"""clinical review: approvals and returns of reviewed items; room for the clinical_reviewer role

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 04:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'clinical_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_key', sa.String(length=64), nullable=False),
        sa.Column('version', sa.String(length=64), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('reviewer', sa.String(length=64), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=False),
        sa.Column('review_due', sa.Date(), nullable=True),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_clinical_decisions_item', 'clinical_decisions', ['item_key', 'id'], unique=False)
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=16), type_=sa.String(length=32),
                              existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=32), type_=sa.String(length=16),
                              existing_nullable=False)
    op.drop_index('ix_clinical_decisions_item', table_name='clinical_decisions')
    op.drop_table('clinical_decisions')
