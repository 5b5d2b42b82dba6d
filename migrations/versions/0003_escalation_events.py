"""escalation events: a repeated crisis joins the conversation's open escalation

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 04:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'escalation_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('escalation_id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('message_id', sa.String(length=255), nullable=False),
        sa.Column('category', sa.String(length=64), nullable=False),
        sa.Column('trigger_text', sa.Text(), nullable=True),
        sa.Column('message_time', sa.Float(), nullable=True),
        sa.Column('recorded_by', sa.String(length=32), nullable=False),
        sa.Column('realerted', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['escalation_id'], ['escalations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('conversation_id', 'message_id', name='uq_escalation_event_message'),
    )
    op.create_index(op.f('ix_escalation_events_escalation_id'), 'escalation_events', ['escalation_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_escalation_events_escalation_id'), table_name='escalation_events')
    op.drop_table('escalation_events')
