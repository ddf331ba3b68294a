"""a case stores the day its decision is due, the due day once the calendar alone moves it
on to the decision (a passed hearing deadline or last deduction day)

Revision ID: 0014_case_decision_due_on
Revises: 0013_visit_near_address
"""
import json
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0014_case_decision_due_on"
down_revision = "0013_visit_near_address"
branch_labels = None
depends_on = None

# domain.RuleSet's default, for a stored definition that does not name it.
DEFAULT_DECISION_LEAD_DAYS = 7


def upgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_due_on", sa.Date(), nullable=True))
    _from_stored_deadlines()


def _from_stored_deadlines():
    # domain.compute_deadlines: the decision is due the case's rule set's lead days before
    # the last deduction day, which is stored already (the JSON and the date are read
    # here, the same on both databases).
    conn = op.get_bind()
    lead_days = {}
    for key, definition in conn.execute(sa.text("SELECT key, definition FROM rule_sets")):
        data = json.loads(definition) if isinstance(definition, str) else (definition or {})
        lead_days[key] = int(data.get("decision_lead_days", DEFAULT_DECISION_LEAD_DAYS))
    rows = conn.execute(sa.text("SELECT id, rule_set_key, deadline_on FROM cases "
                                "WHERE deadline_on IS NOT NULL")).all()
    due = [{"id": case_id, "due": date.fromisoformat(str(last)[:10])
            - timedelta(days=lead_days[key])}
           for case_id, key, last in rows if key in lead_days]
    if due:
        conn.execute(sa.text("UPDATE cases SET decision_due_on = :due WHERE id = :id"), due)


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("decision_due_on")
