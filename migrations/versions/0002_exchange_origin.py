"""where an imported file comes from, and what it held besides the state it was made from

Revision ID: 0002_exchange_origin
Revises: 0001_initial
Create Date: 2026-11-29 09:00:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_exchange_origin"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORIGIN = sa.Enum(
    "program", "return", "hand", name="exchange_origin", native_enum=False, create_constraint=True, length=20
)


def upgrade() -> None:
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
    # Earlier versions kept what an imported file held in `snapshot`, and recorded our own workbook
    # returned as a file of the other side (under our export's uuid) and a sheet made by hand as
    # one with number 0 and no export time.
    op.execute(
        "UPDATE exchange SET origin = 'return', content = snapshot, snapshot = NULL, "
        "sender_side = (SELECT e.sender_side FROM exchange e WHERE e.uuid = exchange.uuid "
        "AND e.direction = 'export' LIMIT 1) "
        "WHERE direction = 'import' AND uuid IN (SELECT uuid FROM exchange WHERE direction = 'export')"
    )
    op.execute(
        "UPDATE exchange SET origin = 'hand', content = snapshot, snapshot = NULL "
        "WHERE origin IS NULL AND direction = 'import' AND sequence = 0 AND exported_at IS NULL"
    )
    op.execute("UPDATE exchange SET origin = 'program' WHERE origin IS NULL")
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.alter_column("origin", existing_type=sa.String(length=20), type_=ORIGIN, nullable=False)
    # The database's identity, written into its exports: made with the database (its backups and
    # copies share it), so that our own file always comes back recognised.
    op.execute(
        sa.text(
            "INSERT INTO app_setting (key, value) SELECT 'copy_id', :id "
            "WHERE NOT EXISTS (SELECT 1 FROM app_setting WHERE key = 'copy_id')"
        ).bindparams(id=str(uuid.uuid4()))
    )


def downgrade() -> None:
    op.execute("DELETE FROM app_setting WHERE key = 'copy_id'")
    op.execute(
        "UPDATE exchange SET snapshot = content WHERE direction = 'import' AND origin IN ('return', 'hand')"
    )
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_exchange_exchange_origin"), type_="check")
        batch_op.drop_column("content")
        batch_op.drop_column("origin")
