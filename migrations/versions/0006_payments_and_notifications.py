"""Payments and proactive messages: invoices.payment_status (unpaid / paid / overdue) and paid_at, users'
reminder settings (reminder_settings), and notifications (each proactive message, sent exactly once).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 06:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

payment_status = postgresql.ENUM('unpaid', 'paid', 'overdue', name='payment_status', create_type=False)
notification_status = postgresql.ENUM('pending', 'sent', 'skipped', 'failed', name='notification_status',
                                      create_type=False)


def upgrade() -> None:
    payment_status.create(op.get_bind(), checkfirst=False)
    notification_status.create(op.get_bind(), checkfirst=False)
    op.add_column('invoices', sa.Column('payment_status', payment_status, server_default='unpaid', nullable=False))
    op.add_column('invoices', sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('ix_invoices_due_unpaid', 'invoices', ['due_date'], unique=False,
                    postgresql_where=sa.text("payment_status <> 'paid' AND due_date IS NOT NULL"))

    op.create_table(
        'reminder_settings',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('enabled', sa.Boolean(), server_default=sa.text('true'), nullable=False),
        sa.Column('days_before', sa.SmallInteger(), server_default=sa.text('3'), nullable=False),
        sa.Column('hour', sa.SmallInteger(), server_default=sa.text('9'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint('days_before BETWEEN 0 AND 30', name=op.f('ck_reminder_settings_days_before_range')),
        sa.CheckConstraint('hour BETWEEN 0 AND 23', name=op.f('ck_reminder_settings_hour_range')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_settings_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminder_settings')),
    )
    op.execute("CREATE TRIGGER trg_reminder_settings_updated_at BEFORE UPDATE ON reminder_settings "
               "FOR EACH ROW EXECUTE FUNCTION set_updated_at()")

    op.create_table(
        'notifications',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('status', notification_status, server_default='pending', nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"),
                  nullable=False),
        sa.Column('content_sid', sa.String(length=64), nullable=True),
        sa.Column('twilio_sid', sa.String(length=64), nullable=True),
        sa.Column('error', sa.String(length=200), nullable=True),
        sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
        sa.UniqueConstraint('key', name=op.f('uq_notifications_key')),
    )
    op.create_index(op.f('ix_notifications_user_id_created_at'), 'notifications', ['user_id', 'created_at'],
                    unique=False)
    op.create_index('ix_notifications_pending', 'notifications', ['created_at'], unique=False,
                    postgresql_where=sa.text("status = 'pending'"))


def downgrade() -> None:
    op.drop_index('ix_notifications_pending', table_name='notifications')
    op.drop_index(op.f('ix_notifications_user_id_created_at'), table_name='notifications')
    op.drop_table('notifications')
    op.drop_table('reminder_settings')
    op.drop_index('ix_invoices_due_unpaid', table_name='invoices')
    op.drop_column('invoices', 'paid_at')
    op.drop_column('invoices', 'payment_status')
    notification_status.drop(op.get_bind(), checkfirst=False)
    payment_status.drop(op.get_bind(), checkfirst=False)
