"""case current step: the stored next step, due day, legal deadline and planned visit day

Revision ID: 0005_case_current_step
Revises: 0004_sms_outbox
Create Date: 2026-11-29 08:30:00

The columns are filled by the services on every change of a case; existing cases get
them from `flask --app wsgi refresh-steps` (init-db runs it for cases without a step).
"""
from alembic import op
import sqlalchemy as sa

revision = '0005_case_current_step'
down_revision = '0004_sms_outbox'
branch_labels = None
depends_on = None

STEPS = ("hearing_letter", "case_file_check", "phone_call", "sms_prompt", "partner_contact",
         "home_visit", "wait", "decide", "decided")


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('step', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('step_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deadline_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('visit_planned_on', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_cases_step_valid'), "step IN (" + ", ".join(f"'{s}'" for s in STEPS) + ")")
        batch_op.create_index('ix_cases_status_due', ['status', 'step_due_on', 'id'])
        batch_op.create_index('ix_cases_status_step', ['status', 'step'])
        batch_op.create_index('ix_cases_status_no_show', ['status', 'no_show_date', 'id'])
        batch_op.create_index(batch_op.f('ix_cases_team_id'), ['team_id'])


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_team_id'))
        batch_op.drop_index('ix_cases_status_no_show')
        batch_op.drop_index('ix_cases_status_step')
        batch_op.drop_index('ix_cases_status_due')
        batch_op.drop_constraint(op.f('ck_cases_step_valid'), type_='check')
        batch_op.drop_column('visit_planned_on')
        batch_op.drop_column('deadline_on')
        batch_op.drop_column('step_due_on')
        batch_op.drop_column('step')
