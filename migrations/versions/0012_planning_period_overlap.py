"""active planning runs' periods never overlap (PostgreSQL exclusion constraint)

Revision ID: 0012_planning_period_overlap
Revises: 0011_safety_review
"""
from alembic import op

revision = "0012_planning_period_overlap"
down_revision = "0011_safety_review"
branch_labels = None
depends_on = None

NAME = "ex_planning_runs_active_periods_apart"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite writes one at a time; the service's check refuses an overlap there
    # Runs left active by a worker that died would block the constraint: the newest of
    # overlapping ones stays, the others end as failed (a new run can be started).
    op.execute(
        "UPDATE background_jobs SET status = 'failed', message = '[[\"run_failed\", {}]]' "
        "WHERE id IN (SELECT older.job_id FROM planning_runs older JOIN planning_runs newer "
        "ON newer.id > older.id AND newer.active_key IS NOT NULL "
        "AND newer.starts_on <= older.ends_on AND newer.ends_on >= older.starts_on "
        "WHERE older.active_key IS NOT NULL)")
    op.execute(
        "UPDATE planning_runs SET active_key = NULL WHERE active_key IS NOT NULL AND job_id IN "
        "(SELECT id FROM background_jobs WHERE status NOT IN ('queued', 'running'))")
    op.execute(
        f"ALTER TABLE planning_runs ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        "(daterange(starts_on, ends_on, '[]') WITH &&) WHERE (active_key IS NOT NULL)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE planning_runs DROP CONSTRAINT {NAME}")
