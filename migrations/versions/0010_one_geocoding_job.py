"""one queued or running batch-geocoding job at a time (a partial unique index)

Revision ID: 0010_one_geocoding_job
Revises: 0009_security
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_one_geocoding_job"
down_revision = "0009_security"
branch_labels = None
depends_on = None

ACTIVE = sa.text("kind = 'geocode' AND status IN ('queued', 'running')")


def upgrade():
    # Jobs left behind by the old thread runner: all but the newest active one end as
    # failed, so the index can be built.
    op.execute(
        "UPDATE background_jobs SET status = 'failed', message = 'superseded' "
        "WHERE kind = 'geocode' AND status IN ('queued', 'running') AND id < "
        "(SELECT max(id) FROM background_jobs WHERE kind = 'geocode' "
        "AND status IN ('queued', 'running'))")
    op.create_index("uq_background_jobs_one_active_geocode", "background_jobs", ["kind"],
                    unique=True, postgresql_where=ACTIVE, sqlite_where=ACTIVE)


def downgrade():
    op.drop_index("uq_background_jobs_one_active_geocode", table_name="background_jobs")
