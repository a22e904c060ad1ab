"""signed minutes, their unlockings, a meeting's end time and the agenda backlog

Revision ID: 0006_signed_minutes
Revises: 0005_postponements
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_signed_minutes"
down_revision: str | None = "0005_postponements"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MINUTES_STATUS = sa.Enum(
    "draft", "signed", name="minutes_status", native_enum=False, create_constraint=True, length=20
)


def side() -> sa.Enum:
    return sa.Enum("UZ", "KZ", name="side", native_enum=False, create_constraint=True, length=20)


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("end_time", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("minutes_status", sa.String(length=20), nullable=True))
    # The minutes kept so far were never signed in the program: drafts, as they were.
    op.execute("UPDATE meeting SET minutes_status = 'draft'")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.alter_column(
            "minutes_status", existing_type=sa.String(length=20), type_=MINUTES_STATUS, nullable=False
        )
    # An agenda item without a meeting is a question proposed for a future one (the backlog).
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.alter_column("meeting_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("proposed_by", side(), nullable=True))
    op.create_table(
        "minutes_unlock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("unlocked_on", sa.Date(), nullable=False),
        sa.Column("side", side(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f("ck_minutes_unlock_reason_present")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_minutes_unlock_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_unlock")),
        sa.UniqueConstraint("uuid", name=op.f("uq_minutes_unlock_uuid")),
    )
    with op.batch_alter_table("minutes_unlock", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_unlock_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("minutes_unlock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_unlock_meeting_id"))
    op.drop_table("minutes_unlock")
    # The older schema has no backlog: its questions cannot be kept there.
    op.execute("DELETE FROM agenda_item WHERE meeting_id IS NULL")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_agenda_item_side"), type_="check")
        batch_op.drop_column("proposed_by")
        batch_op.alter_column("meeting_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_meeting_minutes_status"), type_="check")
        batch_op.drop_column("minutes_status")
        batch_op.drop_column("end_time")
