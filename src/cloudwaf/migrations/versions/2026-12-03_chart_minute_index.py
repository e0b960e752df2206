"""chart: index traffic_minute by (oem_id, minute) for series over all domains of an OEM

Revision ID: 5c2d8e41a7b0
Revises: 1ac0f30f1f69
Create Date: 2026-12-03 15:20:00
"""
from __future__ import annotations

from alembic import op

revision = '5c2d8e41a7b0'
down_revision = '1ac0f30f1f69'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('traffic_minute', schema=None) as batch_op:
        batch_op.create_index('ix_traffic_minute_oem_id_minute', ['oem_id', 'minute'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('traffic_minute', schema=None) as batch_op:
        batch_op.drop_index('ix_traffic_minute_oem_id_minute')
