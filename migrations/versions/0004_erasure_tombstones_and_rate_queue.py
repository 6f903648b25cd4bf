"""Erased MessageSids are tombstoned; messages over the rate limit wait; deleted invoices get purged.

- ``erased_message_sids``: the SHA-256 of every inbound MessageSid of an erased user, checked by the
  webhook's store so a replayed (or late retried) webhook re-creates nothing.
- ``messages.admitted_at`` / ``messages.deferred_until``: the rate limit counts messages admitted in its
  window and parks the rest until they are due (``app/tasks/ratelimit.py``). Both nullable, so adding them
  rewrites nothing; the partial index is built concurrently because the webhook keeps inserting meanwhile.
- ``ix_invoices_deleted_at`` (partial): the periodic purge of invoices deleted before the undo window.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'erased_message_sids',
        sa.Column('sid_hash', sa.String(length=64), nullable=False),
        sa.Column('erased_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('sid_hash', name=op.f('pk_erased_message_sids')),
    )
    op.add_column('messages', sa.Column('admitted_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('messages', sa.Column('deferred_until', sa.DateTime(timezone=True), nullable=True))
    with op.get_context().autocommit_block():
        op.create_index('ix_messages_user_id_admitted_at', 'messages', ['user_id', 'admitted_at'],
                        unique=False, postgresql_where=sa.text('admitted_at IS NOT NULL'),
                        postgresql_concurrently=True, if_not_exists=True)
        op.create_index('ix_invoices_deleted_at', 'invoices', ['deleted_at'], unique=False,
                        postgresql_where=sa.text('deleted_at IS NOT NULL'), postgresql_concurrently=True,
                        if_not_exists=True)


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index('ix_invoices_deleted_at', table_name='invoices',
                      postgresql_where=sa.text('deleted_at IS NOT NULL'), postgresql_concurrently=True,
                      if_exists=True)
        op.drop_index('ix_messages_user_id_admitted_at', table_name='messages',
                      postgresql_where=sa.text('admitted_at IS NOT NULL'), postgresql_concurrently=True,
                      if_exists=True)
    op.drop_column('messages', 'deferred_until')
    op.drop_column('messages', 'admitted_at')
    op.drop_table('erased_message_sids')
