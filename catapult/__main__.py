"""``python -m catapult``: the command line (``demo``, ``emulator``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run a sub-command; returns the process exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m catapult",
        description="catapult: run the demo, or the local Catapult v1 emulator.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="walk a bridge's life, against the emulator by default")
    demo.add_argument("--from", dest="from_number", default="+15550001000", help="calling number")
    demo.add_argument(
        "--to",
        dest="to_numbers",
        nargs=2,
        default=["+15550002001", "+15550002002"],
        metavar=("FIRST", "SECOND"),
        help="the two numbers to call",
    )
    demo.add_argument(
        "--callbacks",
        action="store_true",
        help="run a call-forwarding app that the emulator sends callbacks to",
    )
    commands.add_parser("emulator", help="run the local Catapult emulator (see --help there)")
    args, rest = parser.parse_known_args(argv)
    if args.command == "demo" and args.callbacks:
        from .demo_callbacks import run_callbacks_demo

        return run_callbacks_demo(our_number=args.from_number, agent_number=args.to_numbers[0])
    if args.command == "demo":
        from .demo import run_demo

        return run_demo(from_number=args.from_number, to_numbers=args.to_numbers)
    if args.command == "emulator":
        from .emulator.__main__ import main as emulator_main

        emulator_main(rest)
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
