"""field outcomes: each outcome from the field app stored once under the phone's id

Revision ID: 0007_field_outcomes
Revises: 0006_legal_completeness
Create Date: 2026-11-29 08:20:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0007_field_outcomes'
down_revision = '0006_legal_completeness'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('field_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=24), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=40), nullable=True),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("result IN ('applied', 'conflict')", name=op.f('ck_field_outcomes_result_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_field_outcomes_case_id_cases')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_field_outcomes_handled_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_field_outcomes_user_id_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_field_outcomes_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_field_outcomes')),
    sa.UniqueConstraint('client_id', name=op.f('uq_field_outcomes_client_id'))
    )
    with op.batch_alter_table('field_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_outcomes_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_outcomes_flagged'), ['flagged'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_outcomes_visit_id'), ['visit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('field_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_outcomes_visit_id'))
        batch_op.drop_index(batch_op.f('ix_field_outcomes_flagged'))
        batch_op.drop_index(batch_op.f('ix_field_outcomes_case_id'))

    op.drop_table('field_outcomes')
