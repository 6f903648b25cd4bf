"""messages (user_id, created_at): the per-user rate-limit count reads a user's recent messages.

The composite index replaces the one on user_id alone, which it covers as its leading column (the foreign
key, the user's-messages lookups and cascading deletes keep an index), so every stored message still
maintains the same number of indexes. Built concurrently: the webhook keeps inserting messages meanwhile.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:00:00

"""
from typing import Sequence, Union

from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(op.f('ix_messages_user_id_created_at'), 'messages', ['user_id', 'created_at'],
                        unique=False, postgresql_concurrently=True, if_not_exists=True)
        op.drop_index(op.f('ix_messages_user_id'), table_name='messages', postgresql_concurrently=True,
                      if_exists=True)


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index(op.f('ix_messages_user_id'), 'messages', ['user_id'], unique=False,
                        postgresql_concurrently=True, if_not_exists=True)
        op.drop_index(op.f('ix_messages_user_id_created_at'), table_name='messages',
                      postgresql_concurrently=True, if_exists=True)
