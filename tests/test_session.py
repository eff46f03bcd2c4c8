"""Session construction, configuration from the environment, and what it never reveals."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest

import catapult
from catapult import AsyncSession, Client, ConfigurationError, Session, UnsafeURLError

TOKEN, SECRET = "t-secret-token-value", "s-secret-secret-value"


def test_repr_shows_user_and_host_only() -> None:
    with Session("u-abc", TOKEN, SECRET) as session:
        text = repr(session)
    assert "u-abc" in text and "api.catapult.inetwork.com" in text
    assert TOKEN not in text and SECRET not in text


def test_transport_and_auth_reprs_hide_credentials() -> None:
    with Session("u-abc", TOKEN, SECRET) as session:
        auth = session.transport._auth
        assert TOKEN not in repr(auth) and SECRET not in repr(auth)
        assert TOKEN not in repr(vars(session))


def test_session_refuses_to_be_pickled() -> None:
    with Session("u-abc", TOKEN, SECRET) as session, pytest.raises(TypeError, match="pickled"):
        pickle.dumps(session)


def test_from_env_reads_the_documented_variables() -> None:
    env = {
        "CATAPULT_USER_ID": "u-env",
        "CATAPULT_API_TOKEN": TOKEN,
        "CATAPULT_API_SECRET": SECRET,
        "CATAPULT_BASE_URL": "http://127.0.0.1:9/v1",
    }
    with Session.from_env(env) as session:
        assert session.user_id == "u-env"
        assert session.base_url == "http://127.0.0.1:9/v1"
        assert session.user_url == "http://127.0.0.1:9/v1/users/u-env"


@pytest.mark.parametrize("empty", ["", "  "])
def test_from_env_refuses_a_base_url_set_but_empty(empty: str) -> None:
    env = {
        "CATAPULT_USER_ID": "u-env",
        "CATAPULT_API_TOKEN": TOKEN,
        "CATAPULT_API_SECRET": SECRET,
        "CATAPULT_BASE_URL": empty,
    }
    with pytest.raises(ConfigurationError, match="CATAPULT_BASE_URL is set but empty"):
        Session.from_env(env)


def test_from_env_names_every_missing_variable() -> None:
    with pytest.raises(ConfigurationError) as info:
        Session.from_env({"CATAPULT_USER_ID": "u-1"})
    assert "CATAPULT_API_TOKEN" in str(info.value)
    assert "CATAPULT_API_SECRET" in str(info.value)
    assert "CATAPULT_USER_ID" not in str(info.value)
    assert str(info.value).endswith("(set them to your API token and API secret)")


@pytest.mark.parametrize("make", [Session.from_env, AsyncSession.from_env, Client.from_env])
def test_from_env_refuses_an_environ_that_is_no_mapping(make: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"environ must be a mapping .*, got list"):
        make([("CATAPULT_USER_ID", "u-1")])


def test_default_base_url_is_catapult_v1() -> None:
    with Session("u-1", TOKEN, SECRET) as session:
        assert session.base_url == "https://api.catapult.inetwork.com/v1"


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(UnsafeURLError):
        Session("u-1", TOKEN, SECRET, base_url="http://api.catapult.inetwork.com/v1")


def test_user_id_is_validated() -> None:
    with pytest.raises(catapult.InvalidArgumentError):
        Session("../admin", TOKEN, SECRET)


def test_empty_credentials_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="api_secret"):
        Session("u-1", TOKEN, "")


def test_user_agent_names_the_package_and_version() -> None:
    with Session("u-1", TOKEN, SECRET, user_agent="myapp/2.0") as session:
        agent = session.transport._headers["User-Agent"]
    assert agent.startswith("myapp/2.0 catapult-python/" + catapult.__version__)


@pytest.mark.parametrize(
    ("timeout", "expected"), [(None, (5.0, 30.0)), (3, (3.0, 3.0)), ((1, 2.5), (1.0, 2.5))]
)
def test_timeout_is_always_bounded(timeout: object, expected: tuple[float, float]) -> None:
    with Session("u-1", TOKEN, SECRET, timeout=timeout) as session:  # type: ignore[arg-type]
        assert session.transport.timeout == expected


@pytest.mark.parametrize("timeout", [0, -1, (1, 0), (1, 2, 3), "5"])
def test_nonsense_timeouts_are_refused(timeout: object) -> None:
    with pytest.raises(ValueError):
        Session("u-1", TOKEN, SECRET, timeout=timeout)  # type: ignore[arg-type]


def test_client_builds_base_url_from_the_original_options() -> None:
    with catapult.Client(
        "u-1", TOKEN, SECRET, api_endpoint="http://127.0.0.1:8080", api_version="v1"
    ) as client:
        assert client.base_url == "http://127.0.0.1:8080/v1"
        assert isinstance(client, Session)
        assert client.bridges is not None


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"api_version": "../admin"}, "api_version must be a version segment"),
        ({"api_version": ""}, "api_version must be a version segment"),
        ({"api_endpoint": "http://127.0.0.1:8080/v1"}, "api_endpoint already ends with /v1"),
    ],
)
def test_client_refuses_original_options_that_name_no_api(
    options: dict[str, str], says: str
) -> None:
    with pytest.raises(ConfigurationError, match=re.escape(says)):
        catapult.Client("u-1", TOKEN, SECRET, **options)  # type: ignore[arg-type]


def test_verify_may_name_a_ca_bundle() -> None:
    with Session("u-1", TOKEN, SECRET, verify="/etc/ssl/certs/ca-certificates.crt") as session:
        assert session.transport._verify == "/etc/ssl/certs/ca-certificates.crt"


def test_disabling_verification_is_never_silent(caplog: pytest.LogCaptureFixture) -> None:
    with Session("u-1", TOKEN, SECRET, verify=False) as session:
        assert session.transport._verify is False
    assert "verification is disabled" in caplog.text


def test_pickled_models_carry_no_credentials() -> None:
    with Session("u-1", TOKEN, SECRET) as session:
        bridge = catapult.Bridge.model_validate({"id": "brg-1"}).bind(session)
        data = pickle.dumps(bridge)
    assert TOKEN.encode() not in data and SECRET.encode() not in data
    assert pickle.loads(data).id == "brg-1"


@pytest.mark.parametrize("cls", [Session, AsyncSession])
def test_a_ca_bundle_that_does_not_exist_is_refused_at_construction(
    cls: type[Session] | type[AsyncSession], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-such-bundle.pem")
    with pytest.raises(ConfigurationError, match="verify names no CA bundle"):
        cls("u-1", TOKEN, SECRET, verify=missing)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", missing)
    with pytest.raises(ConfigurationError, match="REQUESTS_CA_BUNDLE names no CA bundle"):
        cls("u-1", TOKEN, SECRET)
    cls("u-1", TOKEN, SECRET, trust_env=False)  # the variable is not read then


def test_an_async_session_refuses_a_file_that_holds_no_certificate(tmp_path: Path) -> None:
    bundle = tmp_path / "empty.pem"
    bundle.write_text("not a certificate\n")
    with pytest.raises(ConfigurationError, match="cannot load the CA bundle"):
        AsyncSession("u-1", TOKEN, SECRET, verify=str(bundle))


@pytest.mark.parametrize(
    "bad", ["tok-123456\n", " tok-123456", "tok 123456", "tok\x00123456", "\ttok-123456"]
)
@pytest.mark.parametrize("which", ["api_token", "api_secret"])
def test_credentials_with_white_space_or_control_characters_are_refused(
    bad: str, which: str
) -> None:
    given = {"api_token": TOKEN, "api_secret": SECRET, which: bad}
    with pytest.raises(ConfigurationError, match=f"{which} must be a non-empty string") as info:
        Session("u-1", given["api_token"], given["api_secret"])
    assert bad.strip() not in str(info.value)


def test_a_token_holding_a_colon_is_refused_a_secret_may_hold_one() -> None:
    with pytest.raises(ConfigurationError, match="api_token must not contain ':'") as info:
        Session("u-1", "tok:123456", SECRET)
    assert "123456" not in str(info.value)
    with Session("u-1", TOKEN, "sec:ret-123456") as session:
        assert session.user_id == "u-1"
