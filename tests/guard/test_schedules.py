from __future__ import annotations

from tests.guard.helpers import assert_code, ok_data, tenant

URL = "/api/v1/guard/schedules"
OFFICE = {
    "name": "office",
    "timezone": "Europe/Paris",
    "windows": [{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00"}],
}


def test_always_is_seeded_and_protected_2017(client, db) -> None:
    t = tenant(db)
    items = ok_data(client.get(URL, headers=t.headers))["items"]
    always = next(s for s in items if s["builtin"])
    assert always["name"] == "always" and always["windows"][0]["end"] == "24:00"
    assert_code(client.delete(f"{URL}/{always['id']}", headers=t.headers), 2017, 403)
    assert_code(client.put(f"{URL}/{always['id']}", json={"name": "x"}, headers=t.headers), 2017, 403)


def test_crud_validation_and_2016(client, db) -> None:
    t = tenant(db)
    created = ok_data(client.post(URL, json=OFFICE, headers=t.headers))
    assert created["timezone"] == "Europe/Paris"
    assert_code(client.post(URL, json=OFFICE, headers=t.headers), 409, 409)
    for bad in [
        {**OFFICE, "name": "a", "timezone": "Mars/Olympus"},
        {**OFFICE, "name": "b", "timezone": "../etc"},
        {**OFFICE, "name": "c", "windows": [{"days": [7], "start": "09:00", "end": "10:00"}]},
        {**OFFICE, "name": "d", "windows": [{"days": [1], "start": "25:00", "end": "10:00"}]},
        {**OFFICE, "name": "e", "windows": [{"days": [1], "start": "10:00", "end": "10:00"}]},
        {**OFFICE, "name": "f", "windows": []},
    ]:
        assert_code(client.post(URL, json=bad, headers=t.headers), 400, 400)
    night = ok_data(
        client.put(
            f"{URL}/{created['id']}",
            json={"windows": [{"days": [5, 6], "start": "22:00", "end": "06:00"}]},
            headers=t.headers,
        )
    )
    assert night["windows"][0]["start"] == "22:00" and night["version"] == 2
    ok_data(client.delete(f"{URL}/{created['id']}", headers=t.headers))
    assert_code(client.get(f"{URL}/{created['id']}", headers=t.headers), 2016, 404)


def test_schedule_in_use_cannot_be_deleted(client, db) -> None:
    t = tenant(db)
    created = ok_data(client.post(URL, json=OFFICE, headers=t.headers))
    ok_data(
        client.post(
            "/api/v1/guard/acl-rules",
            json={
                "name": "office only",
                "priority": 5,
                "action": "log",
                "schedule_id": created["id"],
                "conditions": [{"field": "path", "op": "prefix", "value": "/admin"}],
            },
            headers=t.headers,
        )
    )
    assert_code(client.delete(f"{URL}/{created['id']}", headers=t.headers), 409, 409)
