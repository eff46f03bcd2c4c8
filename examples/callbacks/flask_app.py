"""The callback router inside a Flask app (an example: Flask is not a catapult dependency).

Every Catapult callback of a call reaches one route; the router parses it (POST body or GET
query), checks Basic auth if asked to, and calls the handler registered for its event type.
Try it against the local emulator::

    pip install flask
    python -m catapult.emulator --port 8080 --auto-answer-incoming \\
        --incoming-call-url http://127.0.0.1:5000/catapult/callbacks
    CATAPULT_USER_ID=u-emulator CATAPULT_API_TOKEN=emulator-token \\
        CATAPULT_API_SECRET=emulator-secret CATAPULT_BASE_URL=http://127.0.0.1:8080/v1 \\
        python examples/callbacks/flask_app.py
    curl http://127.0.0.1:8080/_emulator/calls/incoming \\
        -H 'Content-Type: application/json' -d '{"from": "+15550003000"}'

(Mounting ``router.wsgi_app`` with werkzeug's ``DispatcherMiddleware`` works as well.)
"""

from __future__ import annotations

from greeter import build_router

from catapult import Session

try:
    from flask import Flask, Response, request
except ImportError as exc:  # keep the package importable and lintable without Flask
    raise SystemExit("this example needs Flask: pip install flask") from exc

router = build_router(Session.from_env(), "Hello from Flask! Goodbye.")

app = Flask(__name__)


@app.route("/catapult/callbacks", methods=["GET", "POST"])
def catapult_callbacks() -> Response:
    answer = router.handle(
        method=request.method,
        body=request.get_data(),
        query=request.query_string.decode(),
        headers=dict(request.headers),
    )
    return Response(answer.body, status=answer.status, content_type=answer.content_type)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
