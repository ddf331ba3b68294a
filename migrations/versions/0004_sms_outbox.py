"""SMS outbox: explicit states, enqueue key, provider events, templates, forbidden terms,
job-centre appointments.

The old sms tables were never written by any release (SMS was recorded by hand on the
ladder), so they are replaced rather than altered.

Revision ID: 0004_sms_outbox
Revises: 0003_teams_calendar
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_sms_outbox'
down_revision = '0003_teams_calendar'
branch_labels = None
depends_on = None

STATUSES = ("queued", "deferred", "claimed", "sending", "unknown", "accepted", "sent",
            "no_receipt", "delivered", "undelivered", "failed", "skipped", "cleared",
            "expired", "received")
PURPOSES = ("contact_prompt", "reminder_days", "reminder_hours", "reply")


def _in(column, values):
    return column + " IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade():
    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sms_messages_status'))
        batch_op.drop_index(batch_op.f('ix_sms_messages_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_sms_messages_case_id'))
    op.drop_table('sms_messages')
    op.drop_table('sms_templates')

    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name=op.f('ck_appointments_status_valid')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_appointments_case_id_cases')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_appointments_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_appointments_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_citizen_id'), ['citizen_id'], unique=False)

    op.create_table('sms_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('enqueue_key', sa.String(length=120), nullable=True),
    sa.Column('citizen_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('attempt_id', sa.Integer(), nullable=True),
    sa.Column('to_number', sa.String(length=20), nullable=False),
    sa.Column('from_number', sa.String(length=40), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('body_purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sending_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.Column('provider_sid', sa.String(length=64), nullable=True),
    sa.Column('error_code', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("direction IN ('out', 'in')", name=op.f('ck_sms_messages_direction_valid')),
    sa.CheckConstraint(_in('status', STATUSES), name=op.f('ck_sms_messages_status_valid')),
    sa.CheckConstraint(_in('purpose', PURPOSES), name=op.f('ck_sms_messages_purpose_valid')),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_sms_messages_appointment_id_appointments')),
    sa.ForeignKeyConstraint(['attempt_id'], ['contact_attempts.id'], name=op.f('fk_sms_messages_attempt_id_contact_attempts')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_sms_messages_case_id_cases')),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizens.id'], name=op.f('fk_sms_messages_citizen_id_citizens')),
    sa.ForeignKeyConstraint(['read_by_id'], ['users.id'], name=op.f('fk_sms_messages_read_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_messages')),
    sa.UniqueConstraint('enqueue_key', name=op.f('uq_sms_messages_enqueue_key')),
    sa.UniqueConstraint('provider_sid', name=op.f('uq_sms_messages_provider_sid'))
    )
    with op.batch_alter_table('sms_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_messages_appointment_id'), ['appointment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_messages_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_messages_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index('ix_sms_messages_status_due_at', ['status', 'due_at'], unique=False)

    op.create_table('sms_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('provider_sid', sa.String(length=64), nullable=True),
    sa.Column('provider_status', sa.String(length=20), nullable=True),
    sa.Column('error_code', sa.Integer(), nullable=True),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['sms_messages.id'], name=op.f('fk_sms_events_message_id_sms_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_events'))
    )
    with op.batch_alter_table('sms_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sms_events_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sms_events_provider_sid'), ['provider_sid'], unique=False)

    op.create_table('sms_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('lead_minutes', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_sms_templates_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_templates')),
    sa.UniqueConstraint('key', 'locale', name='uq_sms_templates_key_locale')
    )
    op.create_table('sms_forbidden_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_forbidden_terms')),
    sa.UniqueConstraint('term', name=op.f('uq_sms_forbidden_terms_term'))
    )


def downgrade():
    op.drop_table('sms_forbidden_terms')
    op.drop_table('sms_templates')
    op.drop_table('sms_events')
    op.drop_table('sms_messages')
    op.drop_table('appointments')
    op.create_table('sms_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_templates')),
    sa.UniqueConstraint('key', 'locale', name='uq_sms_templates_key_locale')
    )
