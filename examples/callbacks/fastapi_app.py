"""The callback router inside a FastAPI app (an example: FastAPI is not a catapult dependency).

The SDK is synchronous, so the router runs in FastAPI's thread pool and never blocks the event
loop. Try it against the local emulator::

    pip install fastapi uvicorn
    python -m catapult.emulator --port 8080 --auto-answer-incoming \\
        --incoming-call-url http://127.0.0.1:5000/catapult/callbacks
    CATAPULT_USER_ID=u-emulator CATAPULT_API_TOKEN=emulator-token \\
        CATAPULT_API_SECRET=emulator-secret CATAPULT_BASE_URL=http://127.0.0.1:8080/v1 \\
        python examples/callbacks/fastapi_app.py
    curl http://127.0.0.1:8080/_emulator/calls/incoming \\
        -H 'Content-Type: application/json' -d '{"from": "+15550003000"}'
"""

from __future__ import annotations

from greeter import build_router

from catapult import Session

try:
    from fastapi import FastAPI, Request, Response
    from fastapi.concurrency import run_in_threadpool
except ImportError as exc:  # keep the package importable and lintable without FastAPI
    raise SystemExit("this example needs FastAPI: pip install fastapi uvicorn") from exc

router = build_router(Session.from_env(), "Hello from FastAPI! Goodbye.")

app = FastAPI()


@app.api_route("/catapult/callbacks", methods=["GET", "POST"])
async def catapult_callbacks(request: Request) -> Response:
    answer = await run_in_threadpool(
        router.handle,
        method=request.method,
        body=await request.body(),
        query=request.url.query,
        headers=dict(request.headers),
    )
    return Response(answer.body, status_code=answer.status, media_type=answer.content_type)


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=5000)
