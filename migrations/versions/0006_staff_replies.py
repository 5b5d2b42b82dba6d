"""staff replies: durable console replies with their delivery state (bot/staff/replies.py)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 04:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_replies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('escalation_id', sa.Integer(), nullable=True),
        sa.Column('staff', sa.String(length=255), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('channel', sa.String(length=64), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.Column('seen_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_staff_replies_conversation_id'), 'staff_replies', ['conversation_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_staff_replies_conversation_id'), table_name='staff_replies')
    op.drop_table('staff_replies')
