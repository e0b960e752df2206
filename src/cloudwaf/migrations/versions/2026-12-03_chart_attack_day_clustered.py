"""chart: chart_attack_day keyed by (oem_id, dim, day, value) without a surrogate id, WITHOUT
ROWID on SQLite, so that a top-N reads one day's values in a single range scan of the key.

Revision ID: 4f7a2c9d1e83
Revises: 9e4b7c2a1d60
Create Date: 2026-12-03 18:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import cloudwaf.models.base

revision = '4f7a2c9d1e83'
down_revision = '9e4b7c2a1d60'
branch_labels = None
depends_on = None

COLUMNS = "oem_id, dim, day, value, attacks, blocked"


def _create(name: str, clustered: bool) -> None:
    columns = [
        sa.Column('oem_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('dim', sa.String(length=16), nullable=False),
        sa.Column('day', cloudwaf.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('value', sa.String(length=253), nullable=False),
        sa.Column('attacks', sa.BigInteger(), nullable=False),
        sa.Column('blocked', sa.BigInteger(), nullable=False),
    ]
    pk = op.f('pk_chart_attack_day')
    if clustered:
        op.create_table(name, *columns, sa.PrimaryKeyConstraint('oem_id', 'dim', 'day', 'value', name=pk),
                        sqlite_with_rowid=False)
    else:
        id_type = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
        op.create_table(name, *columns,
                        sa.Column('id', id_type, autoincrement=True, nullable=False),
                        sa.PrimaryKeyConstraint('id', name=pk),
                        sa.UniqueConstraint('oem_id', 'dim', 'day', 'value',
                                            name=op.f('uq_chart_attack_day_oem_id_dim_day_value')))


def _swap(clustered: bool) -> None:
    op.rename_table('chart_attack_day', 'chart_attack_day_old')
    if op.get_bind().dialect.name == 'postgresql':  # constraint names stay with the old table
        old = 'ALTER TABLE chart_attack_day_old RENAME CONSTRAINT'
        op.execute(f'{old} pk_chart_attack_day TO pk_chart_attack_day_old')
        if clustered:
            op.execute(f'{old} uq_chart_attack_day_oem_id_dim_day_value TO uq_chart_attack_day_old')
    _create('chart_attack_day', clustered)
    op.execute(f'INSERT INTO chart_attack_day ({COLUMNS}) SELECT {COLUMNS} FROM chart_attack_day_old')
    op.drop_table('chart_attack_day_old')


def upgrade() -> None:
    _swap(clustered=True)


def downgrade() -> None:
    _swap(clustered=False)
