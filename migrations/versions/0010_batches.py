"""Bursts of documents: ``batches`` (one acknowledgement and one combined summary per burst) and
``batch_documents`` (each attachment of a burst, with the invoice it became and how it ended).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 06:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'batches',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('first_arrival', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_arrival', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ack_message_id', sa.Integer(), nullable=True),
        sa.Column('summary_message_id', sa.Integer(), nullable=True),
        sa.Column('summarised_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['ack_message_id'], ['messages.id'], name=op.f('fk_batches_ack_message_id_messages'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['summary_message_id'], ['messages.id'],
                                name=op.f('fk_batches_summary_message_id_messages'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_batches_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_batches')),
    )
    op.create_index(op.f('ix_batches_user_id_last_arrival'), 'batches', ['user_id', 'last_arrival'], unique=False)
    op.create_table(
        'batch_documents',
        sa.Column('media_id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.BigInteger(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('invoice_id', sa.BigInteger(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_batch_documents_batch_id_batches'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_batch_documents_invoice_id_invoices'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['media_id'], ['media.id'], name=op.f('fk_batch_documents_media_id_media'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_batch_documents_message_id_messages'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('media_id', name=op.f('pk_batch_documents')),
    )
    op.create_index(op.f('ix_batch_documents_batch_id'), 'batch_documents', ['batch_id'], unique=False)
    op.create_index(op.f('ix_batch_documents_message_id'), 'batch_documents', ['message_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_batch_documents_message_id'), table_name='batch_documents')
    op.drop_index(op.f('ix_batch_documents_batch_id'), table_name='batch_documents')
    op.drop_table('batch_documents')
    op.drop_index(op.f('ix_batches_user_id_last_arrival'), table_name='batches')
    op.drop_table('batches')
