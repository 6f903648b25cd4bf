"""The audit trail: ``invoice_events``, one row per change to an invoice (who, when, old and new value).

``invoice_id`` is SET NULL when the purge deletes an invoice, and ``invoice_seq`` keeps its "#N", so the
history of a deleted invoice can still be read.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 05:45:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'invoice_events',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('invoice_id', sa.BigInteger(), nullable=True),
        sa.Column('invoice_seq', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('field', sa.String(length=32), nullable=True),
        sa.Column('old_value', sa.Text(), nullable=True),
        sa.Column('new_value', sa.Text(), nullable=True),
        sa.Column('actor', sa.String(length=16), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=True),
        sa.Column('detail', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint("actor IN ('user', 'extraction', 'rule', 'system')",
                           name=op.f('ck_invoice_events_actor_known')),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_events_invoice_id_invoices'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_invoice_events_message_id_messages'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_invoice_events_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_events')),
    )
    op.create_index(op.f('ix_invoice_events_user_id_invoice_seq_created_at'), 'invoice_events',
                    ['user_id', 'invoice_seq', 'created_at'], unique=False)
    op.create_index(op.f('ix_invoice_events_invoice_id'), 'invoice_events', ['invoice_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_invoice_events_invoice_id'), table_name='invoice_events')
    op.drop_index(op.f('ix_invoice_events_user_id_invoice_seq_created_at'), table_name='invoice_events')
    op.drop_table('invoice_events')
