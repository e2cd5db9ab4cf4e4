"""The one exception type the lab raises for anything a user can fix."""

from __future__ import annotations


class LabError(Exception):
    """A lab operation failed; the message is one line meant for a human."""
