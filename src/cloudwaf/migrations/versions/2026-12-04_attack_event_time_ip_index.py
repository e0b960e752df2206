"""chart: attack_event indexed by (oem_id, time, client_ip) instead of (oem_id, time) and
(oem_id, client_ip, time)

An index led by the client IP takes each event at a random place (one per address), and once it
outgrows the page cache every batch rewrote thousands of its pages: on SQLite it cost a third of
the ingest rate (3M events: 15,300 -> 22,700 events/s without it). Led by time it grows at its
end; an IP filter within a time range is checked on the index entries before any row is read.

Revision ID: 2d6b8f0c4e17
Revises: 7b3e9f1a2c54
Create Date: 2026-12-04 11:30:00
"""
from __future__ import annotations

from alembic import op

revision = '2d6b8f0c4e17'
down_revision = '7b3e9f1a2c54'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_attack_event_oem_id_time_client_ip', 'attack_event', ['oem_id', 'time', 'client_ip'])
    op.drop_index('ix_attack_event_oem_id_time', table_name='attack_event')
    op.drop_index('ix_attack_event_oem_id_client_ip_time', table_name='attack_event')


def downgrade() -> None:
    op.create_index('ix_attack_event_oem_id_client_ip_time', 'attack_event', ['oem_id', 'client_ip', 'time'])
    op.create_index('ix_attack_event_oem_id_time', 'attack_event', ['oem_id', 'time'])
    op.drop_index('ix_attack_event_oem_id_time_client_ip', table_name='attack_event')
