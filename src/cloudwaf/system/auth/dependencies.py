from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from cloudwaf.config import Settings


def app_settings(request: Request) -> Settings:
    return request.app.state.settings


def side_sessions(request: Request) -> sessionmaker[Session]:
    """A session factory for writes that must commit even when the request fails (login failures)."""
    return request.app.state.session_factory


AppSettings = Annotated[Settings, Depends(app_settings)]
SideSessions = Annotated[sessionmaker[Session], Depends(side_sessions)]
