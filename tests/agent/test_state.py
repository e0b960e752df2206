from __future__ import annotations

import stat
from pathlib import Path

from cloudwaf.agent.state import AgentState, Credential, LogOffset, StateStore


def test_credential_is_private_and_state_round_trips(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.save_credential(Credential(server="http://cp", node_id=3, name="edge", credential="cwn_secret"))
    assert stat.S_IMODE(store.credential_file.stat().st_mode) == 0o600
    assert store.load_credential() == Credential(
        server="http://cp", node_id=3, name="edge", credential="cwn_secret"
    )
    state = AgentState(
        applied_version=9,
        applied_digest="abc",
        control_port=1234,
        offsets={"audit": LogOffset(inode=5, offset=77)},
        logs_dropped=2,
        batch_seq=4,
    )
    store.save(state)
    assert store.load() == state
    assert not list(store.dir.glob(".*"))  # no temporary files left behind


def test_fresh_prefix_has_empty_state(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    assert store.load_credential() is None
    assert store.load() == AgentState()
