"""a visit keeps the field app's "within 100 m of the address" answer with its outcome

Revision ID: 0013_visit_near_address
Revises: 0012_planning_period_overlap
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0013_visit_near_address"
down_revision = "0012_planning_period_overlap"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("near_address", sa.Boolean(), nullable=True))
    _from_field_outcomes()


def _from_field_outcomes():
    # Outcomes sent before kept the answer only in the phone's payload; the visit an
    # applied outcome went into gets it (the JSON is read here, the same on both databases).
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT visit_id, payload FROM field_outcomes "
                                "WHERE result = 'applied'"))
    for visit_id, payload in rows.all():
        data = json.loads(payload) if isinstance(payload, str) else (payload or {})
        near = data.get("near_address")
        if isinstance(near, bool):
            conn.execute(sa.text("UPDATE visits SET near_address = :near WHERE id = :id")
                         .bindparams(near=near, id=visit_id))


def downgrade():
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("near_address")
