"""logtail-doctor: why does an SLS machine group show no heartbeat? Domain core, no pytest."""

from __future__ import annotations

__version__ = "0.1.0"
