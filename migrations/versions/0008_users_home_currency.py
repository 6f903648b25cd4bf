"""users.home_currency: the ISO 4217 currency a user said is theirs ("my currency is EUR").

NULL keeps the default, their WhatsApp number's country's currency, so existing users need no backfill.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 06:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('users', sa.Column('home_currency', sa.CHAR(length=3), nullable=True))
    op.create_check_constraint(op.f('ck_users_home_currency_iso'), 'users', "home_currency ~ '^[A-Z]{3}$'")


def downgrade() -> None:
    op.drop_constraint(op.f('ck_users_home_currency_iso'), 'users', type_='check')
    op.drop_column('users', 'home_currency')
