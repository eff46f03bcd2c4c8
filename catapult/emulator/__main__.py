"""``catapult emulator`` (or ``python -m catapult.emulator``): serve the emulator until stopped.

Prints the base URL and the ``export CATAPULT_...=`` lines that point ``Session.from_env()`` at
it, then serves until SIGINT/SIGTERM; ``--verbose`` prints one line per API request.
"""

from __future__ import annotations

import argparse
import errno
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import TextIO

from ._emulator import Emulator
from ._errors import ApiFault
from ._options import PROFILES

_POLL_INTERVAL = 0.2
"""How often ``--verbose`` looks for new requests in the request log (seconds)."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The emulator's command-line options (shared by ``catapult emulator``)."""
    _add_server_arguments(parser)
    _add_behaviour_arguments(parser)
    _add_inbound_arguments(parser)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print one line per API request"
    )


def _add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """Where it listens and the account it accepts."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=_port, default=0, help="port to listen on (default 0: a free port)"
    )
    parser.add_argument(
        "--user-id", default="u-emulator", help="the account's user id (default u-emulator)"
    )
    parser.add_argument("--api-token", default="emulator-token", help="the API token it accepts")
    parser.add_argument("--api-secret", default="emulator-secret", help="the API secret it accepts")


def _add_behaviour_arguments(parser: argparse.ArgumentParser) -> None:
    """How outbound calls behave: the profile, ringing, numbers and limits."""
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="default",
        help="realistic: outbound calls ring first, only the account's numbers may call, rate "
        "limits on, inbound calls auto-answered (docs/emulator.md#profiles)",
    )
    parser.add_argument(
        "--ring-time",
        type=float,
        default=None,
        metavar="S",
        help="seconds an outbound call rings before the far end answers (default: profile's)",
    )
    parser.add_argument(
        "--numbers",
        default=None,
        metavar="E164,...",
        help="the account's numbers: calls from others get 401 number-access-denied",
    )
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        default=None,
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


def _add_inbound_arguments(parser: argparse.ArgumentParser) -> None:
    """Where and how inbound calls' events are delivered."""
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
        default=None,
        help="answer inbound calls at once (incomingcall, then answer)",
    )


def build_parser(prog: str = "python -m catapult.emulator") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Local Catapult v1 voice API emulator.")
    add_arguments(parser)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def emulator_from(args: argparse.Namespace) -> Emulator:
    """An emulator (not started) configured from parsed options."""
    return Emulator(
        port=args.port,
        host=args.host,
        user_id=args.user_id,
        api_token=args.api_token,
        api_secret=args.api_secret,
        profile=args.profile,
        auto_answer=not args.no_auto_answer,
        ring_time=args.ring_time,
        numbers=None if args.numbers is None else [n for n in args.numbers.split(",") if n],
        rate_limits=args.rate_limits,
        incoming_call_url=args.incoming_call_url,
        callbacks={
            "incoming_call_fallback_url": args.incoming_call_fallback_url,
            "incoming_call_method": args.incoming_call_method,
            "auto_answer_incoming": args.auto_answer_incoming,
        },
    )


def announce(emulator: Emulator, out: TextIO) -> None:
    """The base URL, then the lines that point ``Session.from_env()`` at the emulator."""
    print(f"Catapult emulator listening on {emulator.base_url}", file=out)
    print("Point the SDK at it (paste into your shell):", file=out)
    for name, value in (
        ("CATAPULT_BASE_URL", emulator.base_url),
        ("CATAPULT_USER_ID", emulator.user_id),
        ("CATAPULT_API_TOKEN", emulator.api_token),
        ("CATAPULT_API_SECRET", emulator.api_secret),
    ):
        print(f"export {name}={shlex.quote(value)}", file=out)
    print("Stop with Ctrl-C.", file=out, flush=True)


def run(args: argparse.Namespace, prog: str = "catapult emulator") -> int:
    """Serve until SIGINT/SIGTERM; returns the exit status (1 when it cannot listen, 2 for a
    setting it refuses)."""
    try:
        emulator = emulator_from(args)
        if args.seed_bridges:
            emulator.seed_bridges(args.seed_bridges)
    except (ValueError, ApiFault) as error:  # e.g. --ring-time -1, --seed-bridges 200000
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 2
    try:
        emulator.start()
    except OSError as error:
        hint = (
            "pick another --port (0 picks a free one)"
            if error.errno == errno.EADDRINUSE
            else "check --host and --port"
        )
        reason = error.strerror or str(error)
        print(
            f"{prog}: cannot listen on {args.host}:{args.port}: {reason}; {hint}", file=sys.stderr
        )
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    announce(emulator, sys.stdout)
    try:
        _serve(emulator, stop, args.verbose, sys.stdout)
    finally:
        emulator.stop()
    return 0


def _serve(emulator: Emulator, stop: threading.Event, verbose: bool, out: TextIO) -> None:
    """Wait for ``stop``; when ``verbose``, print each request the log gains meanwhile."""
    printed = 0
    while not stop.wait(_POLL_INTERVAL):
        if not verbose:
            continue
        log = emulator.requests()
        if len(log) < printed:  # the log was cleared (control API reset)
            printed = 0
        for request in log[printed:]:
            status = request.status or "dropped"
            print(f"{request.method} {request.full_path} -> {status}", file=out, flush=True)
        printed = len(log)


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse_args(argv), prog="python -m catapult.emulator")


if __name__ == "__main__":
    sys.exit(main())
