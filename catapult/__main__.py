"""The command line, ``catapult`` (or ``python -m catapult``): ``demo`` and ``emulator``.

Errors are one line on stderr that says what to do: exit status 2 for a command line or
configuration to fix, 1 for a failure while running, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ._version import __version__

#: The demo's numbers against the emulator (555 numbers: nothing real is ever dialled).
DEMO_FROM = "+15550001000"
DEMO_TO = ("+15550002001", "+15550002002")


def _prog() -> str:
    """``catapult`` for the console script, ``python -m catapult`` otherwise."""
    return "python -m catapult" if os.path.basename(sys.argv[0]) == "__main__.py" else "catapult"


def build_parser(prog: str = "catapult") -> argparse.ArgumentParser:
    from .emulator.__main__ import add_arguments as add_emulator_arguments

    parser = argparse.ArgumentParser(
        prog=prog,
        description="catapult: run the demo, or the local Catapult v1 emulator.",
    )
    parser.add_argument("--version", action="version", version=f"catapult-sdk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="walk a bridge's life (against the embedded emulator unless --live)",
        description="Walk a bridge's life: two calls, a bridge, a sentence, hold, hang-up. "
        "Runs against an embedded emulator, even when CATAPULT_* variables are set, "
        "unless --live is given.",
    )
    _add_demo_arguments(demo)
    emulator = commands.add_parser(
        "emulator",
        help="run the local Catapult emulator until Ctrl-C",
        description="Serve the local Catapult v1 voice API emulator until Ctrl-C.",
    )
    add_emulator_arguments(emulator)
    demo.set_defaults(subparser=demo)
    emulator.set_defaults(subparser=emulator)
    return parser


def _add_demo_arguments(demo: argparse.ArgumentParser) -> None:
    demo.add_argument(
        "--live",
        action="store_true",
        help="use the real account in CATAPULT_USER_ID, CATAPULT_API_TOKEN, "
        "CATAPULT_API_SECRET (and CATAPULT_BASE_URL): this places REAL calls; "
        "needs --from and --to",
    )
    demo.add_argument(
        "--from",
        dest="from_number",
        metavar="NUMBER",
        type=_number,
        help=f"calling number (default {DEMO_FROM})",
    )
    demo.add_argument(
        "--to",
        dest="to_numbers",
        nargs=2,
        type=_number,
        metavar=("FIRST", "SECOND"),
        help=f"the two numbers to call (default {' '.join(DEMO_TO)})",
    )
    walk = demo.add_mutually_exclusive_group()
    walk.add_argument(
        "--conference",
        action="store_true",
        help="walk a conference's life (members, mute, hold, terminate) instead of a bridge's",
    )
    walk.add_argument(
        "--callbacks",
        action="store_true",
        help="instead, run a call-forwarding app that the emulator sends callbacks to "
        "(emulator only)",
    )


def _number(text: str) -> str:
    """A phone number from the command line, checked as the API would (exit status 2 if not)."""
    from ._rules import NUMBER, RuleError

    try:
        return NUMBER.check(text)
    except RuleError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _run_demo(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.subparser
    if args.callbacks:
        if args.live:
            parser.error(
                "--callbacks runs against the embedded emulator only (a real account cannot "
                "reach an app on this machine); drop --live"
            )
        from .demo_callbacks import run_callbacks_demo

        return run_callbacks_demo(
            our_number=args.from_number or DEMO_FROM,
            agent_number=(args.to_numbers or DEMO_TO)[0],
        )
    if args.live and not (args.from_number and args.to_numbers):
        parser.error("--live places real calls: give the numbers with --from and --to")
    from .demo import run_demo

    return run_demo(
        from_number=args.from_number or DEMO_FROM,
        to_numbers=args.to_numbers or DEMO_TO,
        live=args.live,
        conference=args.conference,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run a sub-command; returns the process exit status."""
    from ._errors import CatapultError, ConfigurationError

    prog = _prog()
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command == "demo":
            status = _run_demo(args)
        else:
            from .emulator.__main__ import run as run_emulator

            status = run_emulator(args, prog=f"{prog} emulator")
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except ConfigurationError as error:
        return _fail(f"{prog} {args.command}", error, 2)
    except CatapultError as error:
        return _fail(f"{prog} {args.command}", error, 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `catapult demo | head`: the reader has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when stdout is flushed at exit
        return 1


def _fail(where: str, error: Exception, status: int) -> int:
    message = " ".join(str(error).split()) or type(error).__name__
    print(f"{where}: error: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
