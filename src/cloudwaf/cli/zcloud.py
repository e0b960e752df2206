"""`zcloud` entry point (the commands live in cloudwaf.zcloud)."""

from cloudwaf.zcloud.app import main

__all__ = ["main"]
