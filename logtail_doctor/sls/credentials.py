"""Credentials for the SLS API: the standard Alibaba Cloud environment variables or file.

Never from the command line; ``Credentials`` never shows the secret, and no
``SlsApiError`` raised here quotes it (or a line of the credentials file).
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from logtail_doctor.sls.errors import SlsApiError

ENV_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"  # noqa: S105 (a variable's name)
ENV_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"  # noqa: S105
ENV_CREDENTIALS_FILE = "ALIBABA_CLOUD_CREDENTIALS_FILE"
ENV_PROFILE = "ALIBABA_CLOUD_PROFILE"
DEFAULT_CREDENTIALS_FILE = "~/.alibabacloud/credentials"


@dataclass(frozen=True, repr=False)
class Credentials:
    """An AccessKey pair (and an STS token); repr and str never show the secret."""

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None
    source: str = ""  # where they came from, for messages

    def __repr__(self) -> str:
        return f"Credentials(access_key_id={self.masked_id!r}, source={self.source!r})"

    __str__ = __repr__

    @property
    def masked_id(self) -> str:
        key = self.access_key_id
        return key[:4] + "****" if len(key) > 8 else "****"


def load_credentials(env: Mapping[str, str] | None = None, home: Path | None = None) -> Credentials:
    """Credentials from the environment, else from the credentials file (INI).

    Environment: ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET
    (+ ALIBABA_CLOUD_SECURITY_TOKEN). File: ALIBABA_CLOUD_CREDENTIALS_FILE or
    ~/.alibabacloud/credentials, profile ALIBABA_CLOUD_PROFILE or ``default``,
    ``type = access_key`` (or ``sts`` with ``security_token``).
    Raises SlsApiError with one line naming what is missing.
    """
    env = os.environ if env is None else env
    key_id, secret = env.get(ENV_KEY_ID, "").strip(), env.get(ENV_KEY_SECRET, "").strip()
    if key_id and secret:
        token = env.get(ENV_TOKEN, "").strip() or None
        return Credentials(key_id, secret, token, "environment")
    if key_id or secret:
        missing = ENV_KEY_SECRET if key_id else ENV_KEY_ID
        raise SlsApiError(f"SLS API: credentials incomplete: {missing} is not set")
    named = env.get(ENV_CREDENTIALS_FILE, "").strip()
    if named:
        path = Path(named).expanduser()
    else:
        path = (home or Path.home()) / ".alibabacloud" / "credentials"
    profile = env.get(ENV_PROFILE, "").strip() or "default"
    if not path.is_file():
        raise SlsApiError(
            f"SLS API: no credentials: set {ENV_KEY_ID} and {ENV_KEY_SECRET}, or write "
            f"profile [{profile}] in {path}"
        )
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        # configparser's messages quote lines of the file: never show them.
        raise SlsApiError(
            f"SLS API: cannot read credentials file {path}: {type(exc).__name__}"
        ) from None
    if not parser.has_section(profile):
        raise SlsApiError(f"SLS API: credentials file {path} has no profile [{profile}]")
    section = parser[profile]
    kind = section.get("type", "access_key").strip()
    if kind not in ("access_key", "sts"):
        raise SlsApiError(
            f"SLS API: credentials file {path} [{profile}]: type {kind!r} is not supported "
            "(use access_key or sts)"
        )
    key_id = section.get("access_key_id", "").strip()
    secret = section.get("access_key_secret", "").strip()
    token = section.get("security_token", "").strip() or None
    if not key_id or not secret:
        raise SlsApiError(
            f"SLS API: credentials file {path} [{profile}] lacks access_key_id or access_key_secret"
        )
    if kind == "sts" and not token:
        raise SlsApiError(f"SLS API: credentials file {path} [{profile}] lacks security_token")
    return Credentials(key_id, secret, token, f"{path} [{profile}]")
