"""The ``python -m needlewise`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from . import config as config_module

Command = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except config_module.ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m needlewise", description="NeedleWise administration and authoring tools."
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the course, lessons and quizzes")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: all)")
    check.set_defaults(run=cmd_check)

    schema = sub.add_parser("schema", help="print the JSON Schema of the quiz format")
    schema.set_defaults(run=cmd_schema)
    return parser


def load_config() -> config_module.Config:
    return config_module.load(config_module.read_secrets_file())


def cmd_check(args: argparse.Namespace) -> int:
    from .check import run_check

    problems = run_check(args.paths, load_config())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .quiz.schema import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0
