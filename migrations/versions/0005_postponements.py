"""kinds of deadline (permanent, monthly, quarterly …) and postponements

Revision ID: 0005_postponements
Revises: 0003_short_names
Create Date: 2026-11-29 13:54:12.706802
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_postponements"
down_revision: str | None = "0004_record_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


KINDS_BEFORE = ("none", "date", "quarter", "regular")
KINDS = ("none", "date", "quarter", "permanent", "monthly", "quarterly", "half_yearly", "yearly")
COMPLETE = (
    "(deadline_kind = 'date' AND deadline_date IS NOT NULL) OR "
    "(deadline_kind = 'quarter' AND deadline_year IS NOT NULL AND deadline_quarter IS NOT NULL) OR "
    "(deadline_kind IN ({}))"
)


def _deadline_kinds(old: tuple, new: tuple, renames: dict[str, str]) -> None:
    """The roadmap's kinds of deadline, from `old` to `new`: the checks come off, the values are
    renamed, the checks go back on."""
    with op.batch_alter_table("roadmap_item", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_roadmap_item_deadline_complete"), type_="check")
        batch_op.alter_column(
            "deadline_kind",
            existing_type=sa.Enum(
                *old, name="deadline_kind", native_enum=False, create_constraint=True, length=20
            ),
            type_=sa.String(length=20),
        )
    for before, after in renames.items():
        op.execute(f"UPDATE roadmap_item SET deadline_kind = '{after}' WHERE deadline_kind = '{before}'")
    ongoing = ", ".join(f"'{k}'" for k in new if k not in ("date", "quarter"))
    with op.batch_alter_table("roadmap_item", schema=None) as batch_op:
        batch_op.alter_column(
            "deadline_kind",
            existing_type=sa.String(length=20),
            type_=sa.Enum(*new, name="deadline_kind", native_enum=False, create_constraint=True, length=20),
        )
        batch_op.create_check_constraint("deadline_complete", COMPLETE.format(ongoing))


def upgrade() -> None:
    # What was "regular" ("на постоянной основе") is the permanent kind; the rhythms are new.
    _deadline_kinds(KINDS_BEFORE, KINDS, {"regular": "permanent"})
    op.create_table(
        "postponement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("roadmap_item_id", sa.Integer(), nullable=False),
        sa.Column("postponed_on", sa.Date(), nullable=False),
        sa.Column(
            "old_deadline_kind",
            sa.Enum(
                "none",
                "date",
                "quarter",
                "permanent",
                "monthly",
                "quarterly",
                "half_yearly",
                "yearly",
                name="old_deadline_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("old_deadline_date", sa.Date(), nullable=True),
        sa.Column("old_deadline_year", sa.Integer(), nullable=True),
        sa.Column("old_deadline_quarter", sa.Integer(), nullable=True),
        sa.Column(
            "new_deadline_kind",
            sa.Enum(
                "none",
                "date",
                "quarter",
                "permanent",
                "monthly",
                "quarterly",
                "half_yearly",
                "yearly",
                name="new_deadline_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("new_deadline_date", sa.Date(), nullable=True),
        sa.Column("new_deadline_year", sa.Integer(), nullable=True),
        sa.Column("new_deadline_quarter", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "side",
            sa.Enum("UZ", "KZ", name="side", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("operator", sa.String(length=200), nullable=True),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["roadmap_item_id"],
            ["roadmap_item.id"],
            name=op.f("fk_postponement_roadmap_item_id_roadmap_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_postponement")),
        sa.UniqueConstraint("uuid", name=op.f("uq_postponement_uuid")),
    )
    with op.batch_alter_table("postponement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_postponement_postponed_on"), ["postponed_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_postponement_roadmap_item_id"), ["roadmap_item_id"], unique=False
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("postponement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_postponement_roadmap_item_id"))
        batch_op.drop_index(batch_op.f("ix_postponement_postponed_on"))

    op.drop_table("postponement")
    # Back to what the earlier version knows: a rhythm reads as "on a regular basis" there.
    _deadline_kinds(
        KINDS, KINDS_BEFORE, {k: "regular" for k in KINDS if k not in ("none", "date", "quarter")}
    )
