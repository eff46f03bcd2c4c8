"""The callback router inside a FastAPI app, async end to end (an example: FastAPI is not a
catapult dependency).

An :class:`~catapult.AsyncSession` serves the ``async def`` handlers of
``greeter.build_async_router``, awaited on FastAPI's event loop (no thread pool). Try it
against the local emulator::

    pip install 'catapult-sdk[async]' fastapi uvicorn
    python -m catapult.emulator --port 8080 --auto-answer-incoming \\
        --incoming-call-url http://127.0.0.1:5000/catapult/callbacks
    CATAPULT_USER_ID=u-emulator CATAPULT_API_TOKEN=emulator-token \\
        CATAPULT_API_SECRET=emulator-secret CATAPULT_BASE_URL=http://127.0.0.1:8080/v1 \\
        python examples/callbacks/fastapi_app.py
    curl http://127.0.0.1:8080/_emulator/calls/incoming \\
        -H 'Content-Type: application/json' -d '{"from": "+15550003000"}'
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from greeter import build_async_router

from catapult import AsyncSession

try:
    from fastapi import FastAPI, Request, Response
except ImportError as exc:  # keep the package importable and lintable without FastAPI
    raise SystemExit("this example needs FastAPI: pip install fastapi uvicorn") from exc

session = AsyncSession.from_env()
router = build_async_router(session, "Hello from FastAPI! Goodbye.")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await session.aclose()  # the pooled connections close with the app


app = FastAPI(lifespan=lifespan)


@app.api_route("/catapult/callbacks", methods=["GET", "POST"])
async def catapult_callbacks(request: Request) -> Response:
    answer = await router.handle_async(
        method=request.method,
        body=await request.body(),
        query=request.url.query,
        headers=dict(request.headers),
    )
    return Response(answer.body, status_code=answer.status, media_type=answer.content_type)


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=5000)
