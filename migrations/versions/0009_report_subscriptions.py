"""The monthly report's opt-in: ``report_subscriptions``, one row per user who switched it on or off.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 06:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'report_subscriptions',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('monthly', sa.Boolean(), server_default=sa.text('false'), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('last_sent_month', sa.Date(), nullable=True),
        sa.CheckConstraint('last_sent_month IS NULL OR EXTRACT(DAY FROM last_sent_month) = 1',
                           name=op.f('ck_report_subscriptions_last_sent_month_first_day')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_subscriptions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_report_subscriptions')),
    )
    op.create_index(op.f('ix_report_subscriptions_monthly'), 'report_subscriptions', ['monthly'], unique=False,
                    postgresql_where=sa.text('monthly'))


def downgrade() -> None:
    op.drop_index(op.f('ix_report_subscriptions_monthly'), table_name='report_subscriptions',
                  postgresql_where=sa.text('monthly'))
    op.drop_table('report_subscriptions')
