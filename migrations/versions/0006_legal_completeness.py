"""legal completeness: guidance wording, closer-to-work assessment, deduction period,
hearing extensions, decision receipt, suspension flags; shipped rule sets to revision 2

Revision ID: 0006_legal_completeness
Revises: 0005_case_current_step
Create Date: 2026-11-29 07:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0006_legal_completeness'
down_revision = '0005_case_current_step'
branch_labels = None
depends_on = None

# The shipped rule sets' revision-2 values, frozen here (a migration must not change
# when the code does). Installed copies of an older revision get them.
_KINDS = ["interview", "late_arrival", "offer", "partial_absence"]
_REVISION_2 = {
    "dk-2020": {
        "notes": (
            "Gælder for udeblivelser fra 1. januar 2020 (lov nr. 1558 af 27. december 2019, "
            "»Enklere og skærpede sanktioner«) og videre efter kontanthjælpsreformen 1. juli 2025 "
            "(lov nr. 1655 af 30. december 2024) og lov nr. 1750 af 29. december 2025. "
            "Sanktion forudsætter skriftlig vejledning efter lov om aktiv socialpolitik § 35, "
            "stk. 1, givet før udeblivelsen og gentaget mindst hvert halve år (Ankestyrelsens "
            "principafgørelse 21-22). Fradrag skal foretages inden for 3 hele kalendermåneder "
            "efter udeblivelsen (§ 35, stk. 3). Aktivitetsparate og borgere i ressourceforløb "
            "skal høres udvidet: alle rimelige muligheder for personlig kontakt skal være "
            "udtømt. Svarfristen i partshøringen (forvaltningsloven § 19) er kommunens valg; "
            "loven kræver en rimelig frist."
        ),
    },
    "dk-2027-draft": {
        "notes": (
            "Udkast til den planlagte ændring af sanktionssystemet pr. 1. januar 2027 (fase 2 af "
            "reformen af beskæftigelsesindsatsen). Efter lovudkastet, som gengivet i KL's "
            "høringssvar af 12. november 2025, skal aktivitetsparate kontanthjælpsmodtagere "
            "»som udgangspunkt ikke sanktioneres«. Undtagelserne kendes endnu ikke. Et udkast "
            "vælges aldrig for en sag."
        ),
    },
}


def _upgrade_rule_sets():
    rule_sets = sa.table("rule_sets", sa.column("id", sa.Integer),
                         sa.column("key", sa.String), sa.column("definition", sa.JSON))
    conn = op.get_bind()
    for row in conn.execute(sa.select(rule_sets.c.id, rule_sets.c.key, rule_sets.c.definition)):
        if row.key not in _REVISION_2:
            continue
        definition = dict(row.definition or {})
        if definition.get("revision", 1) >= 2:
            continue
        if definition.get("las35_guidance_max_age_months") is None:
            definition["las35_guidance_max_age_months"] = 6
        definition["no_show_kinds"] = _KINDS
        definition.setdefault("paper_post_delivery_days", 6)
        basis = dict(definition.get("legal_basis", {}))
        basis.setdefault("late_arrival", ["las_36"])
        basis.setdefault("partial_absence", ["las_36"])
        definition["legal_basis"] = basis
        by_group = {g: dict(v) for g, v in definition.get("legal_basis_by_group", {}).items()}
        if "ressourceforloeb" in by_group:
            by_group["ressourceforloeb"].setdefault("late_arrival", ["las_69b", "las_36"])
            by_group["ressourceforloeb"].setdefault("partial_absence", ["las_69b", "las_36"])
        definition["legal_basis_by_group"] = by_group
        definition["notes"] = _REVISION_2[row.key]["notes"]
        definition["revision"] = 2
        conn.execute(rule_sets.update().where(rule_sets.c.id == row.id)
                     .values(definition=definition))


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('las35_guidance_wording', sa.Text(), nullable=False,
                                      server_default=''))

    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('illness_report', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('closer_to_work', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('closer_to_work_reasons', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('progression_reasoning', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('contact_reestablished_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deduction_first_day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deduction_last_day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deduction_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('daily_rate', sa.Numeric(precision=10, scale=2),
                                      nullable=True))
        batch_op.add_column(sa.Column('deduction_amount', sa.Numeric(precision=12, scale=2),
                                      nullable=True))
        batch_op.add_column(sa.Column('letter_channel', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('received_on', sa.Date(), nullable=True))

    with op.batch_alter_table('reassessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_reestablished_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deduction_last_day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('deduction_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('deduction_amount', sa.Numeric(precision=12, scale=2),
                                      nullable=True))

    with op.batch_alter_table('suspension_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('availability_duty_suspended', sa.Boolean(),
                                      nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('digital_meetings_allowed', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))

    op.create_table('hearing_extensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('new_deadline', sa.Date(), nullable=False),
    sa.Column('previous_deadline', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'],
                            name=op.f('fk_hearing_extensions_case_id_cases')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'],
                            name=op.f('fk_hearing_extensions_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hearing_extensions'))
    )
    with op.batch_alter_table('hearing_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hearing_extensions_case_id'), ['case_id'],
                              unique=False)

    _upgrade_rule_sets()


def downgrade():
    with op.batch_alter_table('hearing_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hearing_extensions_case_id'))
    op.drop_table('hearing_extensions')
    with op.batch_alter_table('suspension_periods', schema=None) as batch_op:
        batch_op.drop_column('digital_meetings_allowed')
        batch_op.drop_column('availability_duty_suspended')
    with op.batch_alter_table('reassessments', schema=None) as batch_op:
        for name in ('deduction_amount', 'deduction_days', 'deduction_last_day',
                     'contact_reestablished_on'):
            batch_op.drop_column(name)
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        for name in ('received_on', 'letter_channel', 'deduction_amount', 'daily_rate',
                     'deduction_days', 'deduction_last_day', 'deduction_first_day',
                     'contact_reestablished_on', 'progression_reasoning',
                     'closer_to_work_reasons', 'closer_to_work', 'illness_report'):
            batch_op.drop_column(name)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('las35_guidance_wording')
