"""guard policy: CRS application exclusion packages

Revision ID: 3d1f0a9c7e21
Revises: 6ea0edb93850
Create Date: 2026-12-03 16:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "3d1f0a9c7e21"
down_revision = "6ea0edb93850"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("guard_policy") as batch_op:
        batch_op.add_column(sa.Column("app_exclusions", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("guard_policy") as batch_op:
        batch_op.drop_column("app_exclusions")
