"""unanswered questions: declined and low-confidence questions for the clinic (bot/answers/log.py)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 04:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'unanswered_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.String(length=255), nullable=False),
        sa.Column('channel', sa.String(length=64), nullable=True),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('nearest_entry', sa.String(length=64), nullable=True),
        sa.Column('confidence', sa.Float(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_unanswered_questions_conversation_id'), 'unanswered_questions', ['conversation_id'], unique=False)
    op.create_index(op.f('ix_unanswered_questions_kind'), 'unanswered_questions', ['kind'], unique=False)
    op.create_index(op.f('ix_unanswered_questions_created_at'), 'unanswered_questions', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_unanswered_questions_created_at'), table_name='unanswered_questions')
    op.drop_index(op.f('ix_unanswered_questions_kind'), table_name='unanswered_questions')
    op.drop_index(op.f('ix_unanswered_questions_conversation_id'), table_name='unanswered_questions')
    op.drop_table('unanswered_questions')
