"""teams calendar: members decide a team's size, absences, planner settings, background jobs

Revision ID: 0003_teams_calendar
Revises: 0002
Create Date: 2026-11-29 07:17:59.412346

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0003_teams_calendar'
down_revision = '0002'
branch_labels = None
depends_on = None

def upgrade():
    op.create_table('absences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_absences_period_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_absences_created_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_absences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absences'))
    )
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absences_starts_on'), ['starts_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_absences_user_id'), ['user_id'], unique=False)

    op.create_table('background_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed', 'cancelled')", name=op.f('ck_background_jobs_status_valid')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_background_jobs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_background_jobs'))
    )
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_background_jobs_kind'), ['kind'], unique=False)

    op.create_table('planner_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('detour_factor', sa.Float(), nullable=False),
    sa.Column('speed_foot_kmh', sa.Float(), nullable=False),
    sa.Column('speed_bicycle_kmh', sa.Float(), nullable=False),
    sa.Column('speed_car_kmh', sa.Float(), nullable=False),
    sa.Column('service_minutes', sa.Integer(), nullable=False),
    sa.Column('time_limit_seconds', sa.Integer(), nullable=False),
    sa.Column('osrm_url', sa.String(length=300), nullable=True),
    sa.Column('monthly_target_low', sa.Integer(), nullable=False),
    sa.Column('monthly_target_high', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('detour_factor >= 1', name=op.f('ck_planner_settings_detour_at_least_one')),
    sa.CheckConstraint('monthly_target_low <= monthly_target_high', name=op.f('ck_planner_settings_target_order')),
    sa.CheckConstraint('service_minutes > 0', name=op.f('ck_planner_settings_service_positive')),
    sa.CheckConstraint('speed_foot_kmh > 0 AND speed_bicycle_kmh > 0 AND speed_car_kmh > 0', name=op.f('ck_planner_settings_speeds_positive')),
    sa.CheckConstraint('time_limit_seconds > 0', name=op.f('ck_planner_settings_time_limit_positive')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_planner_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planner_settings'))
    )
    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('geocode_failure', sa.String(length=24), nullable=True))

    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.alter_column('start_lat',
               existing_type=sa.FLOAT(),
               nullable=True)
        batch_op.alter_column('start_lon',
               existing_type=sa.FLOAT(),
               nullable=True)
        # The members are the team's size now (a pair team has two); a stored number
        # would drift from them.
        batch_op.drop_constraint(op.f('ck_teams_size_one_or_two'), type_='check')
        batch_op.drop_column('size')
        batch_op.create_check_constraint(
            'start_pair', '(start_lat IS NULL) = (start_lon IS NULL)')
        batch_op.create_check_constraint(
            'start_lat_range', 'start_lat IS NULL OR (start_lat BETWEEN -90 AND 90)')
        batch_op.create_check_constraint(
            'start_lon_range', 'start_lon IS NULL OR (start_lon BETWEEN -180 AND 180)')

def downgrade():
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_teams_start_lon_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_teams_start_lat_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_teams_start_pair'), type_='check')
        batch_op.add_column(sa.Column('size', sa.INTEGER(), nullable=False, server_default='1'))
        batch_op.create_check_constraint('size_one_or_two', 'size IN (1, 2)')
        batch_op.alter_column('start_lon',
               existing_type=sa.FLOAT(),
               nullable=False)
        batch_op.alter_column('start_lat',
               existing_type=sa.FLOAT(),
               nullable=False)

    with op.batch_alter_table('citizens', schema=None) as batch_op:
        batch_op.drop_column('geocode_failure')

    op.drop_table('planner_settings')
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_background_jobs_kind'))

    op.drop_table('background_jobs')
    with op.batch_alter_table('absences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_absences_user_id'))
        batch_op.drop_index(batch_op.f('ix_absences_starts_on'))

    op.drop_table('absences')
