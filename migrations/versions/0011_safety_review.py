"""safety notes carried over from the old free-text field wait for a coordinator's review

Revision ID: 0011_safety_review
Revises: 0010_one_geocoding_job
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_safety_review"
down_revision = "0010_one_geocoding_job"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("safety_review_needed", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    _flag_carried_over_notes()


def _flag_carried_over_notes():
    # 0009_security kept the old free-text safety note as the new short text. It was
    # written before the form warned against health and case details, so none of it goes
    # to a phone or a route sheet until a coordinator has read it and saved the flags.
    op.execute(sa.text("UPDATE citizens SET safety_review_needed = :yes "
                       "WHERE safety_note IS NOT NULL AND safety_note <> ''")
               .bindparams(yes=True))


def downgrade():
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_column("safety_review_needed")
