"""The emulator's settings print without the credentials and URL passwords they hold."""

from __future__ import annotations

from catapult.emulator import CallbackOptions, EmulatorOptions


def test_emulator_options_repr_hides_credentials_and_url_secrets() -> None:
    options = EmulatorOptions(
        api_token="tok-hidden-1234",
        api_secret="sec-hidden-5678",
        incoming_call_url="http://hook:pw-inc@127.0.0.1:9/cb?token=q-hidden",
        callbacks={"incoming_call_fallback_url": "http://hook:pw-fb@127.0.0.1:9/fb"},
    )
    shown = repr(options)
    for secret in ("tok-hidden-1234", "sec-hidden-5678", "pw-inc", "q-hidden", "pw-fb"):
        assert secret not in shown
    assert "api_token='REDACTED'" in shown and "api_secret='REDACTED'" in shown
    assert "incoming_call_url='http://REDACTED@127.0.0.1:9/cb?token=REDACTED'" in shown
    assert shown.startswith("EmulatorOptions(port=0, host='127.0.0.1', user_id='u-emulator'")
    assert options.api_secret == "sec-hidden-5678"  # the value itself is kept


def test_callback_options_repr_hides_url_passwords() -> None:
    options = CallbackOptions(
        incoming_call_url="https://hook:pw-inc@app.example/cb",
        incoming_call_fallback_url="https://hook:pw-fb@app.example/fb",
    )
    shown = repr(options)
    assert "pw-inc" not in shown and "pw-fb" not in shown
    assert "incoming_call_url='https://REDACTED@app.example/cb'" in shown
    assert "retries=0" in shown
    assert options.incoming_call_url == "https://hook:pw-inc@app.example/cb"
