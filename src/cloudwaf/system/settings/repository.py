from __future__ import annotations

from cloudwaf.kit.repository import Repository
from cloudwaf.models import Setting


class SettingRepository(Repository[Setting]):
    model = Setting

    def stored(self, oem_id: int) -> dict[str, Setting]:
        return {s.key: s for s in self.list(Setting.oem_id == oem_id)}
