"""Retention purge (batched, per kind) and the lease that makes it run once across replicas."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cloudwaf.chart.retention import acquire_lease, purge
from cloudwaf.models import AttackEvent, ChartAttackDay, ChartAttackHour, ChartTrafficHour, TrafficMinute
from tests.chart.helpers import T0, attack, ingest, minutes
from tests.factories import make_oem


def _count(db, model) -> int:  # noqa: ANN001
    return db.scalar(select(func.count()).select_from(model))


def test_purge_deletes_raw_rows_before_rollups_in_small_batches(db, settings, session_factory) -> None:  # noqa: ANN001
    oem = make_oem(db)
    old, recent = T0 - timedelta(days=40), T0 - timedelta(days=1)
    ingest(
        db,
        [attack(oem.id, old + timedelta(seconds=i)) for i in range(250)] + [attack(oem.id, recent)],
        minutes(oem.id, old, 150) + minutes(oem.id, recent, 10),
    )
    db.commit()
    settings = settings.model_copy(
        update={
            "chart_event_retention_days": 30,
            "chart_minute_retention_days": 30,
            "chart_hour_retention_days": 400,
            "chart_purge_batch_size": 100,
        }
    )
    before_hours = _count(db, ChartAttackHour), _count(db, ChartAttackDay), _count(db, ChartTrafficHour)
    assert before_hours[1] > 0  # daily rollups of the high-cardinality dimensions
    deleted = purge(session_factory, settings, now=T0)
    assert deleted["attack_event"] >= 250 and deleted["traffic_minute"] >= 150
    assert db.scalar(select(func.count()).select_from(AttackEvent).where(AttackEvent.oem_id == oem.id)) == 1
    assert (
        db.scalar(select(func.count()).select_from(TrafficMinute).where(TrafficMinute.oem_id == oem.id)) == 10
    )
    after = _count(db, ChartAttackHour), _count(db, ChartAttackDay), _count(db, ChartTrafficHour)
    assert after == before_hours  # rollups live longer
    later = purge(session_factory, settings.model_copy(update={"chart_hour_retention_days": 30}), now=T0)
    assert later["chart_attack_hour"] > 0 and later["chart_traffic_hour"] > 0
    assert later["chart_attack_day"] > 0


def test_lease_admits_one_holder_until_it_expires(db) -> None:  # noqa: ANN001
    ttl = timedelta(minutes=5)
    assert acquire_lease(db, "test.job", "replica-a", ttl, now=T0)
    assert not acquire_lease(db, "test.job", "replica-b", ttl, now=T0 + timedelta(minutes=1))
    assert acquire_lease(db, "test.job", "replica-a", ttl, now=T0 + timedelta(minutes=2))  # renewal
    assert acquire_lease(db, "test.job", "replica-b", ttl, now=T0 + timedelta(minutes=8))  # expired
    assert not acquire_lease(db, "test.job", "replica-a", ttl, now=T0 + timedelta(minutes=9))
