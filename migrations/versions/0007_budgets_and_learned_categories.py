"""Budgets with their once-per-period alerts, the user's own categories, vendor category rules learned from
corrections, and the confidence and source of an invoice's category.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:50:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_UPDATED_AT = ('budgets', 'category_rules')


def upgrade() -> None:
    op.create_table(
        'budgets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=32), nullable=True),
        sa.Column('amount', sa.Numeric(precision=18, scale=3), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('period', sa.String(length=8), server_default='month', nullable=False),
        sa.Column('alert_percent', sa.SmallInteger(), server_default='80', nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f('ck_budgets_currency_iso4217')),
        sa.CheckConstraint('amount > 0', name=op.f('ck_budgets_amount_positive')),
        sa.CheckConstraint("period IN ('week', 'month', 'year')", name=op.f('ck_budgets_period_known')),
        sa.CheckConstraint('alert_percent BETWEEN 1 AND 99', name=op.f('ck_budgets_alert_percent_range')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_budgets_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_budgets')),
        sa.UniqueConstraint('user_id', 'category', 'period', name=op.f('uq_budgets_user_id_category_period'),
                            postgresql_nulls_not_distinct=True),
    )
    op.create_table(
        'budget_alerts',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('budget_id', sa.Integer(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('level', sa.SmallInteger(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint('level IN (80, 100)', name=op.f('ck_budget_alerts_level_known')),
        sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_budget_alerts_budget_id_budgets'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_alerts')),
        sa.UniqueConstraint('budget_id', 'period_start', 'level',
                            name=op.f('uq_budget_alerts_budget_id_period_start_level')),
    )
    op.create_index(op.f('ix_budget_alerts_budget_id'), 'budget_alerts', ['budget_id'], unique=False)
    op.create_table(
        'user_categories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint("key ~ '^[a-z0-9_]{1,32}$'", name=op.f('ck_user_categories_key_slug')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_categories_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_categories')),
        sa.UniqueConstraint('user_id', 'key', name=op.f('uq_user_categories_user_id_key')),
    )
    op.create_table(
        'category_rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('vendor_key', sa.String(length=255), nullable=False),
        sa.Column('category', sa.String(length=32), nullable=False),
        sa.Column('confidence', sa.Numeric(precision=4, scale=3), nullable=False),
        sa.Column('hits', sa.Integer(), server_default='1', nullable=False),
        sa.Column('source', sa.String(length=16), server_default='correction', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint('confidence >= 0 AND confidence <= 1', name=op.f('ck_category_rules_confidence_range')),
        sa.CheckConstraint('hits > 0', name=op.f('ck_category_rules_hits_positive')),
        sa.CheckConstraint("vendor_key <> ''", name=op.f('ck_category_rules_vendor_key_not_empty')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_category_rules_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_category_rules')),
        sa.UniqueConstraint('user_id', 'vendor_key', name=op.f('uq_category_rules_user_id_vendor_key')),
    )
    for table in _UPDATED_AT:
        op.execute(f"CREATE TRIGGER trg_{table}_updated_at BEFORE UPDATE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION set_updated_at()")
    op.add_column('invoices', sa.Column('category_confidence', sa.Numeric(precision=4, scale=3), nullable=True))
    op.add_column('invoices', sa.Column('category_source', sa.String(length=16), nullable=True))
    op.create_check_constraint(op.f('ck_invoices_category_source_known'), 'invoices',
                               "category_source IN ('extraction', 'rule', 'user', 'caption')")
    op.create_check_constraint(op.f('ck_invoices_category_confidence_range'), 'invoices',
                               'category_confidence >= 0 AND category_confidence <= 1')


def downgrade() -> None:
    op.drop_constraint(op.f('ck_invoices_category_confidence_range'), 'invoices', type_='check')
    op.drop_constraint(op.f('ck_invoices_category_source_known'), 'invoices', type_='check')
    op.drop_column('invoices', 'category_source')
    op.drop_column('invoices', 'category_confidence')
    op.drop_table('category_rules')
    op.drop_table('user_categories')
    op.drop_index(op.f('ix_budget_alerts_budget_id'), table_name='budget_alerts')
    op.drop_table('budget_alerts')
    op.drop_table('budgets')
