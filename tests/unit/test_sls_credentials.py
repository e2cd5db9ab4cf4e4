"""Credentials: from the standard environment variables or the credentials file; never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from logtail_doctor.sls.api import check_endpoint, default_endpoint
from logtail_doctor.sls.credentials import Credentials, load_credentials
from logtail_doctor.sls.errors import SlsApiError

SECRET = "PLANTED-secret-7f3a9c"


def test_environment_wins(tmp_path: Path) -> None:
    creds = load_credentials(
        {
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI5tTestKeyId",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET,
            "ALIBABA_CLOUD_SECURITY_TOKEN": "sts-token",
        },
        home=tmp_path,
    )
    assert (creds.access_key_id, creds.access_key_secret, creds.security_token) == (
        "LTAI5tTestKeyId",
        SECRET,
        "sts-token",
    )
    assert creds.source == "environment"


def test_half_an_environment_pair_is_one_line() -> None:
    with pytest.raises(SlsApiError, match="ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set"):
        load_credentials(
            {"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI5tTestKeyId"}, home=Path("/nonexistent")
        )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_default_credentials_file(tmp_path: Path) -> None:
    write(
        tmp_path / ".alibabacloud" / "credentials",
        "[default]\ntype = access_key\naccess_key_id = LTAI5tFileKey\n"
        f"access_key_secret = {SECRET}\n",
    )
    creds = load_credentials({}, home=tmp_path)
    assert creds.access_key_id == "LTAI5tFileKey"
    assert creds.access_key_secret == SECRET
    assert str(tmp_path / ".alibabacloud" / "credentials") in creds.source


def test_named_file_and_profile(tmp_path: Path) -> None:
    path = write(
        tmp_path / "creds.ini",
        "[default]\naccess_key_id = A1234567890\naccess_key_secret = x\n"
        "[ci]\ntype = sts\naccess_key_id = STS.key12345\naccess_key_secret = y\n"
        "security_token = tok\n",
    )
    creds = load_credentials(
        {"ALIBABA_CLOUD_CREDENTIALS_FILE": str(path), "ALIBABA_CLOUD_PROFILE": "ci"}
    )
    assert (creds.access_key_id, creds.security_token) == ("STS.key12345", "tok")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[other]\naccess_key_id = a\naccess_key_secret = b\n", "has no profile [default]"),
        ("[default]\naccess_key_id = a\n", "lacks access_key_id or access_key_secret"),
        (
            "[default]\ntype = ram_role_arn\naccess_key_id = a\naccess_key_secret = b\n",
            "not supported",
        ),
        (
            "[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = b\n",
            "lacks security_token",
        ),
        (f"not an ini file {SECRET}\n", "cannot read credentials file"),
    ],
)
def test_bad_credentials_files_are_one_line_without_the_secret(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path / "creds", text)
    with pytest.raises(SlsApiError) as caught:
        load_credentials({"ALIBABA_CLOUD_CREDENTIALS_FILE": str(path)})
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert SECRET not in str(caught.value)


def test_no_credentials_at_all(tmp_path: Path) -> None:
    with pytest.raises(SlsApiError, match="no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID"):
        load_credentials({}, home=tmp_path)


def test_repr_and_str_never_show_the_secret() -> None:
    creds = Credentials("LTAI5tTestKeyId", SECRET, "token-xyz", "environment")
    for text in (repr(creds), str(creds), f"{creds}", f"{creds!r}", repr([creds])):
        assert SECRET not in text
        assert "token-xyz" not in text
        assert "LTAI5tTestKeyId" not in text
        assert "LTAI****" in text


def test_endpoints() -> None:
    assert default_endpoint("cn-hangzhou") == "https://cn-hangzhou.log.aliyuncs.com"
    assert check_endpoint("http://127.0.0.1:18080/") == "http://127.0.0.1:18080"
    assert check_endpoint("cn-hangzhou.log.aliyuncs.com") == "http://cn-hangzhou.log.aliyuncs.com"
    for bad in ("ftp://x", "http://x:99999", "http://x/path", "http://u:p@x", "http://[::1]:80"):
        with pytest.raises(ValueError, match="--sls-endpoint"):
            check_endpoint(bad)
