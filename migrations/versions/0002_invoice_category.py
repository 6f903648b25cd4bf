"""invoices.category: the invoice's spending category, so a receipt without readable items still counts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('invoices', sa.Column('category', sa.String(length=32), nullable=True))
    op.create_index(op.f('ix_invoices_user_id_category'), 'invoices', ['user_id', 'category'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_invoices_user_id_category'), table_name='invoices')
    op.drop_column('invoices', 'category')
