"""a version per record: several people editing at once on a server are told of each other

Revision ID: 0004_record_versions
Revises: 0002_exchange_origin
Create Date: 2026-11-29 13:00:00

At merge: `down_revision` becomes "0003_organization_short_names" (a migration made in parallel).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_record_versions"
down_revision: str | None = "0003_short_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The records that travel between the sides (the models' `Tracked`).
TABLES = (
    "sector",
    "organization",
    "person",
    "project",
    "meeting",
    "agenda_item",
    "decision",
    "roadmap_item",
    "progress_report",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
