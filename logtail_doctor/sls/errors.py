"""The one error of the SLS side: a failed read, as one line that never shows a credential."""

from __future__ import annotations


class SlsApiError(Exception):
    """A failed read from Log Service: one line for the user, never a credential.

    ``scope`` says what it spoils: "run" (credentials, endpoint, project,
    time-outs: every group) or "group" (this machine group only).
    """

    def __init__(self, message: str, scope: str = "run") -> None:
        super().__init__(message)
        self.scope = scope
