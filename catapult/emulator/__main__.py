"""``python -m catapult.emulator``: serve the emulator until SIGINT/SIGTERM.

Prints one line with the base URL and the credentials, then serves.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Sequence
from types import FrameType

from ._emulator import Emulator


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m catapult.emulator", description="Local Catapult v1 voice API emulator."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--user-id", default="u-emulator")
    parser.add_argument("--api-token", default="emulator-token")
    parser.add_argument("--api-secret", default="emulator-secret")
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        help="enforce Catapult's 1 request/s per resource family and call rate",
    )
    parser.add_argument(
        "--seed-bridges", type=int, default=0, metavar="N", help="start with N completed bridges"
    )
    parser.add_argument(
        "--no-auto-answer",
        action="store_true",
        help="outbound calls ring until answered via the control API",
    )
    parser.add_argument(
        "--incoming-call-url",
        metavar="URL",
        help="the application's incomingCallUrl: inbound calls' events are sent there",
    )
    parser.add_argument(
        "--incoming-call-fallback-url", metavar="URL", help="tried once when that fails"
    )
    parser.add_argument(
        "--incoming-call-method",
        choices=("POST", "GET"),
        default="POST",
        help="how inbound calls' events are sent (default POST)",
    )
    parser.add_argument(
        "--auto-answer-incoming",
        action="store_true",
        help="answer inbound calls at once (incomingcall, then answer)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    emulator = Emulator(
        port=args.port,
        host=args.host,
        user_id=args.user_id,
        api_token=args.api_token,
        api_secret=args.api_secret,
        auto_answer=not args.no_auto_answer,
        rate_limits=args.rate_limits,
        incoming_call_url=args.incoming_call_url,
        callbacks={
            "incoming_call_fallback_url": args.incoming_call_fallback_url,
            "incoming_call_method": args.incoming_call_method,
            "auto_answer_incoming": args.auto_answer_incoming,
        },
    )
    if args.seed_bridges:
        emulator.seed_bridges(args.seed_bridges)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    emulator.start()
    print(
        f"Catapult emulator listening on {emulator.base_url} "
        f"user_id={emulator.user_id} api_token={emulator.api_token} "
        f"api_secret={emulator.api_secret}",
        flush=True,
    )
    try:
        while not stop.wait(0.5):
            pass
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
