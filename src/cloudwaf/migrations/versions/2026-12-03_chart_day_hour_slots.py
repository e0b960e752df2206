"""chart: the attacks of each UTC hour in the daily rows of the high-cardinality dimensions
(chart_attack_day.h00..h23), which then leave chart_attack_hour. Existing hourly rows are folded
into their day rows here, so answers do not change across the upgrade.

The downgrade puts the hourly rows back from the hour columns; their per-hour `blocked` counts
are not kept by this layout and come back as 0 (no query reads them).

Revision ID: 7b3e9f1a2c54
Revises: 4f7a2c9d1e83
Create Date: 2026-12-03 20:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '7b3e9f1a2c54'
down_revision = '4f7a2c9d1e83'
branch_labels = None
depends_on = None

DAY_DIMS = ('asn', 'client_ip', 'uri_path', 'user_agent')
SLOTS = [f'h{h:02d}' for h in range(24)]


def _hour_of_day(hour: int) -> str:
    """SQL for the start of UTC hour `hour` of the day row `d`, as chart_attack_hour stores it."""
    if op.get_bind().dialect.name == 'postgresql':
        return f"d.day + interval '{hour} hours'"
    return f"substr(d.day, 1, 11) || '{hour:02d}:00:00.000000'"  # 'YYYY-MM-DD HH:MM:SS.ffffff'


def upgrade() -> None:
    for slot in SLOTS:
        column = sa.Column(slot, sa.BigInteger(), nullable=False, server_default='0')
        op.add_column('chart_attack_day', column)
    dims = ", ".join(f"'{d}'" for d in DAY_DIMS)
    for hour, slot in enumerate(SLOTS):
        op.execute(
            f"UPDATE chart_attack_day AS d SET {slot} = COALESCE((SELECT h.attacks FROM chart_attack_hour h "
            f"WHERE h.oem_id = d.oem_id AND h.dim = d.dim AND h.hour = {_hour_of_day(hour)} "
            f"AND h.value = d.value), 0) WHERE d.dim IN ({dims})"
        )
    op.execute(f"DELETE FROM chart_attack_hour WHERE dim IN ({dims})")


def downgrade() -> None:
    for hour, slot in enumerate(SLOTS):
        op.execute(
            f"INSERT INTO chart_attack_hour (oem_id, dim, hour, value, attacks, blocked) "
            f"SELECT d.oem_id, d.dim, {_hour_of_day(hour)}, d.value, d.{slot}, 0 FROM chart_attack_day d "
            f"WHERE d.{slot} > 0"
        )
    for slot in SLOTS:
        op.drop_column('chart_attack_day', slot)
