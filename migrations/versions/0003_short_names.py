"""an organization's short name in each language

Revision ID: 0003_short_names
Revises: 0002_exchange_origin
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_short_names"
down_revision: str | None = "0002_exchange_origin"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_name_ru", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("short_name_uz", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("short_name_kk", sa.String(length=100), nullable=True))
    # The one short name people typed so far was Russian («Минсельхоз РУз», «МИИР»).
    op.execute("UPDATE organization SET short_name_ru = short_name")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_column("short_name")
    # The history names the field by its key. Snapshots of earlier exchanges keep `short_name`:
    # they are read as `short_name_ru` wherever they are decoded (exchange/snapshot.py), like the
    # workbooks of an older program.
    op.execute(
        "UPDATE change_log SET field = 'short_name_ru' WHERE entity = 'organization' AND field = 'short_name'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE change_log SET field = 'short_name' WHERE entity = 'organization' AND field = 'short_name_ru'"
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_name", sa.String(length=100), nullable=True))
    op.execute("UPDATE organization SET short_name = coalesce(short_name_ru, short_name_uz, short_name_kk)")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_column("short_name_kk")
        batch_op.drop_column("short_name_uz")
        batch_op.drop_column("short_name_ru")
