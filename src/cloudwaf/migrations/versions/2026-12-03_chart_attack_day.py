"""chart: hourly rollups of client_ip, uri_path and user_agent, and daily rollups (chart_attack_day)
of the high-cardinality dimensions, so that a 7-day top-N reads rollup rows instead of raw events.
Existing raw events are rolled up here, so answers do not change across the upgrade.

Revision ID: 9e4b7c2a1d60
Revises: 5c2d8e41a7b0
Create Date: 2026-12-03 17:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import cloudwaf.models.base

revision = '9e4b7c2a1d60'
down_revision = '5c2d8e41a7b0'
branch_labels = None
depends_on = None

NEW_HOURLY = {'client_ip': 'client_ip', 'uri_path': 'uri_path', 'user_agent': 'user_agent'}
DAY_DIMS = ('asn', 'client_ip', 'uri_path', 'user_agent')


def upgrade() -> None:
    op.create_table('chart_attack_day',
    sa.Column('oem_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('dim', sa.String(length=16), nullable=False),
    sa.Column('day', cloudwaf.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('value', sa.String(length=253), nullable=False),
    sa.Column('attacks', sa.BigInteger(), nullable=False),
    sa.Column('blocked', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chart_attack_day')),
    sa.UniqueConstraint('oem_id', 'dim', 'day', 'value',
                        name=op.f('uq_chart_attack_day_oem_id_dim_day_value'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        hour = "date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
        day = "date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
    else:  # SQLAlchemy's SQLite DATETIME text: 'YYYY-MM-DD HH:MM:SS.ffffff'
        hour = "strftime('%Y-%m-%d %H:00:00.000000', time)"
        day = "strftime('%Y-%m-%d 00:00:00.000000', hour)"
    blocked = "SUM(CASE WHEN action = 'blocked' THEN 1 ELSE 0 END)"
    for dim, column in NEW_HOURLY.items():
        op.execute(
            f"INSERT INTO chart_attack_hour (oem_id, dim, hour, value, attacks, blocked) "
            f"SELECT oem_id, '{dim}', {hour}, substr({column}, 1, 253), COUNT(*), {blocked} "
            f"FROM attack_event GROUP BY oem_id, {hour}, substr({column}, 1, 253)"
        )
    dims = ", ".join(f"'{d}'" for d in DAY_DIMS)
    op.execute(
        f"INSERT INTO chart_attack_day (oem_id, dim, day, value, attacks, blocked) "
        f"SELECT oem_id, dim, {day}, value, SUM(attacks), SUM(blocked) FROM chart_attack_hour "
        f"WHERE dim IN ({dims}) GROUP BY oem_id, dim, {day}, value"
    )


def downgrade() -> None:
    op.drop_table('chart_attack_day')
    dims = ", ".join(f"'{d}'" for d in NEW_HOURLY)
    op.execute(f"DELETE FROM chart_attack_hour WHERE dim IN ({dims})")
