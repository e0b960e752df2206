from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.agent.live import ControlPlane


@pytest.fixture
def control_plane(tmp_path: Path) -> Iterator[ControlPlane]:
    plane = ControlPlane(tmp_path / "control-plane")
    plane.start()
    try:
        yield plane
    finally:
        plane.stop()
