"""planning runs, route revisions, stop legs, unplaced reason

Revision ID: 0008_planning_runs
Revises: 0007_field_outcomes
Create Date: 2026-11-29 07:39:28.195871

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_planning_runs'
down_revision = '0007_field_outcomes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('planning_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('team_ids', sa.String(length=200), nullable=False),
    sa.Column('active_key', sa.String(length=40), nullable=True),
    sa.Column('planned', sa.Integer(), nullable=False),
    sa.Column('unplaced', sa.Integer(), nullable=False),
    sa.Column('cancel_requested', sa.Boolean(), nullable=False),
    sa.CheckConstraint("mode IN ('fit_new', 'keep_locked', 'replan_all')", name=op.f('ck_planning_runs_mode_valid')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_planning_runs_period_order')),
    sa.ForeignKeyConstraint(['job_id'], ['background_jobs.id'], name=op.f('fk_planning_runs_job_id_background_jobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_runs')),
    sa.UniqueConstraint('active_key', name=op.f('uq_planning_runs_active_key')),
    sa.UniqueConstraint('job_id', name=op.f('uq_planning_runs_job_id'))
    )
    with op.batch_alter_table('route_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('route_stops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('travel_seconds', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('travel_metres', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unplaced_reason', sa.String(length=32), nullable=True))



def downgrade():
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_column('unplaced_reason')

    with op.batch_alter_table('route_stops', schema=None) as batch_op:
        batch_op.drop_column('travel_metres')
        batch_op.drop_column('travel_seconds')

    with op.batch_alter_table('route_plans', schema=None) as batch_op:
        batch_op.drop_column('published_at')
        batch_op.drop_column('changed_at')
        batch_op.drop_column('revision')

    op.drop_table('planning_runs')
