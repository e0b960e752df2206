from __future__ import annotations


def test_ip_crud(call, admin) -> None:
    _, _, node = call("POST", "nodes", admin, json={"name": "ip-node"})
    status, code, ip = call("POST", "ips", admin, json={"node_id": node["id"], "ip": " 2001:DB8::1 "})
    assert (status, code, ip["ip"]) == (201, 0, "2001:db8::1")  # canonical form
    assert call("GET", f"ips?node_id={node['id']}", admin)[2]["total"] == 1
    status, _, updated = call("PUT", f"ips/{ip['id']}", admin, json={"comment": "anycast"})
    assert (status, updated["comment"]) == (200, "anycast")
    assert call("DELETE", f"ips/{ip['id']}", admin)[:2] == (200, 0)


def test_3003_ip_not_found(call, admin) -> None:
    assert call("GET", "ips/999999", admin)[:2] == (404, 3003)
    assert call("PUT", "ips/999999", admin, json={"comment": "x"})[:2] == (404, 3003)
    assert call("DELETE", "ips/999999", admin)[:2] == (404, 3003)


def test_3004_ip_exists(call, admin) -> None:
    _, _, node = call("POST", "nodes", admin, json={"name": "ip-dup"})
    call("POST", "ips", admin, json={"node_id": node["id"], "ip": "198.51.100.10"})
    assert call("POST", "ips", admin, json={"node_id": node["id"], "ip": "198.51.100.10"})[:2] == (409, 3004)
    _, _, second = call("POST", "ips", admin, json={"node_id": node["id"], "ip": "198.51.100.11"})
    assert call("PUT", f"ips/{second['id']}", admin, json={"ip": "198.51.100.10"})[:2] == (409, 3004)


def test_ip_must_be_an_address(call, admin) -> None:
    _, _, node = call("POST", "nodes", admin, json={"name": "ip-bad"})
    assert call("POST", "ips", admin, json={"node_id": node["id"], "ip": "10.0.0.0/8"})[:2] == (400, 400)


def test_deleting_a_node_deletes_its_ips(call, admin) -> None:
    _, _, node = call("POST", "nodes", admin, json={"name": "ip-gone"})
    _, _, ip = call("POST", "ips", admin, json={"node_id": node["id"], "ip": "198.51.100.20"})
    call("DELETE", f"nodes/{node['id']}", admin)
    assert call("GET", f"ips/{ip['id']}", admin)[:2] == (404, 3003)
