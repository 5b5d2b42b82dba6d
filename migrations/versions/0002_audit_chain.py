"""hash-chained audit log (prev_hash, hash, chain head); sign-in failure indexes per address and overall

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 01:30:00

Entries written before this revision are chained here, in id order, with the models' own hash (bot.staff.models.audit_hash)
(one definition: the verifier and this backfill can never disagree).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.staff.models import AUDIT_GENESIS, audit_hash, chained_fields

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_log = sa.table(
    'staff_audit_log',
    sa.column('id', sa.Integer()), sa.column('at', sa.DateTime()), sa.column('actor', sa.String()),
    sa.column('action', sa.String()), sa.column('target_type', sa.String()), sa.column('target_id', sa.String()),
    sa.column('detail', sa.JSON()), sa.column('ip', sa.String()),
    sa.column('prev_hash', sa.String()), sa.column('hash', sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table('staff_audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))

    bind = op.get_bind()
    prev, last_id = AUDIT_GENESIS, None
    for row in bind.execute(sa.select(_log).order_by(_log.c.id)).fetchall():
        digest = audit_hash(chained_fields(row), prev)
        bind.execute(_log.update().where(_log.c.id == row.id).values(prev_hash=prev, hash=digest))
        prev, last_id = digest, row.id

    with op.batch_alter_table('staff_audit_log', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_staff_audit_prev_hash', ['prev_hash'])

    if 'staff_audit_head' not in sa.inspect(bind).get_table_names():  # `create_all` may have made it already
        op.create_table('staff_audit_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_id', sa.Integer(), nullable=True),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id')
        )
    head = sa.table('staff_audit_head', sa.column('id', sa.Integer()), sa.column('last_id', sa.Integer()),
                    sa.column('last_hash', sa.String()))
    bind.execute(head.delete())
    bind.execute(head.insert().values(id=1, last_id=last_id, last_hash=prev))

    with op.batch_alter_table('staff_login_failures', schema=None) as batch_op:
        batch_op.create_index('ix_staff_login_failures_ip', ['ip', 'at'], unique=False)
        batch_op.create_index('ix_staff_login_failures_at', ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_login_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_login_failures_at')
        batch_op.drop_index('ix_staff_login_failures_ip')

    op.drop_table('staff_audit_head')
    with op.batch_alter_table('staff_audit_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_staff_audit_prev_hash', type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
