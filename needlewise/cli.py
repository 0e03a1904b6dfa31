"""The ``python -m needlewise`` command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import config as config_module

if TYPE_CHECKING:
    from .acting import Operator
    from .quiz.formats import ExportResult

ROLE_CHOICES = ("trainee", "instructor", "admin")
IMPORT_FORMATS = ("gift", "moodle-xml", "aiken")
EXPORT_FORMATS = ("gift", "moodle-xml")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    from .errors import UserError
    from .store import StoreError

    try:
        return args.run(args)
    except config_module.ConfigError as exc:
        print(f"configuration error: {as_run(str(exc))}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"database error: {as_run(str(exc))}", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"error: {as_run(str(exc))}", file=sys.stderr)
        return 1


def program() -> str:
    """The command as it was run: the installed console script, or the module."""
    return "needlewise" if Path(sys.argv[0]).name == "needlewise" else "python -m needlewise"


def as_run(message: str) -> str:
    """A library message (written for the app's log and pages, naming commands as
    ``python -m needlewise COMMAND``) naming them as this command was run instead."""
    return message.replace("python -m needlewise ", program() + " ")


def learner_count(text: str) -> int:
    """``--learners``: a whole number, 0 or more."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if count < 0:
        raise argparse.ArgumentTypeError(f"{count} learners cannot be made; give 0 or more")
    return count


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program(),
        description="NeedleWise administration and authoring tools.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the course, lessons and quizzes")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: all)")
    check.set_defaults(run=cmd_check)

    bank = sub.add_parser("bank", help="report on the question bank as a whole")
    bank.add_argument("paths", nargs="*", metavar="PATH", help="quiz files or folders")
    bank.add_argument("--format", choices=("text", "json"), default="text")
    bank.set_defaults(run=cmd_bank)

    schema = sub.add_parser("schema", help="print the JSON Schema of the quiz format")
    schema.set_defaults(run=cmd_schema)

    importing = sub.add_parser(
        "import", help="convert a GIFT, Moodle XML or Aiken question file into a quiz file"
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--format", choices=IMPORT_FORMATS, help="the file's format (default: guessed)"
    )
    importing.add_argument("-o", "--output", metavar="QUIZ.yaml")
    importing.add_argument(
        "--to-db",
        action="store_true",
        help="store the quiz in the database as a draft (for the Quiz studio) instead of -o",
    )
    importing.add_argument("--id", help="the quiz id (default: from the file or its name)")
    importing.add_argument("--title", help="the quiz title (default: from the file)")
    importing.add_argument("--force", action="store_true", help="replace an existing QUIZ.yaml")
    importing.add_argument(
        "--strict",
        action="store_true",
        help="write nothing and exit 1 if any question of the file cannot be imported",
    )
    importing.set_defaults(run=cmd_import)

    export = sub.add_parser(
        "export", help="write a quiz as GIFT or Moodle XML (a database quiz also as YAML)"
    )
    export.add_argument("quiz", metavar="QUIZ.yaml", nargs="?")
    export.add_argument(
        "--from-db", metavar="ID", help="export the database quiz ID instead of a file"
    )
    export.add_argument(
        "--version",
        type=int,
        metavar="N",
        help="with --from-db: the version to export (default: the newest)",
    )
    export.add_argument("--format", required=True, choices=(*EXPORT_FORMATS, "yaml"))
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.set_defaults(run=cmd_export)

    stats = sub.add_parser("stats", help="item analysis of quiz responses from a CSV file")
    stats.add_argument(
        "--responses",
        required=True,
        metavar="FILE.csv",
        help="columns attempt_id,question_id,score,max_score "
        "(optional user_id, submitted_at, response)",
    )
    stats.add_argument("--format", choices=("json", "csv"), default="json")
    stats.add_argument(
        "--attempts",
        choices=("all", "first", "latest", "highest"),
        default="all",
        help="attempts to include (per person unless 'all')",
    )
    stats.add_argument(
        "--quiz",
        metavar="QUIZ.yaml",
        help="the quiz file, for random-guess scores by question type",
    )
    stats.set_defaults(run=cmd_stats)

    demo = sub.add_parser("demo", help="fill the configured database with a demo cohort")
    demo.add_argument("--learners", type=learner_count, default=40, metavar="N")
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(run=cmd_demo)

    backup = sub.add_parser("backup", help="copy the SQLite database safely while the app runs")
    backup.add_argument("target", metavar="FILE", help="where to write the copy (must not exist)")
    backup.set_defaults(run=cmd_backup)

    migrate = sub.add_parser(
        "migrate", help="bring the database schema up to date (the deploy step; idempotent)"
    )
    migrate.set_defaults(run=cmd_migrate)

    ready = sub.add_parser(
        "ready",
        help="exit 0 only when the database answers and its schema is this code's; "
        "print the content version",
    )
    ready.add_argument(
        "--serve",
        type=int,
        metavar="PORT",
        help="keep running and answer HTTP GETs on PORT: 200 when ready, 503 when not",
    )
    ready.add_argument(
        "--host", default="127.0.0.1", help="address for --serve (default: 127.0.0.1)"
    )
    ready.set_defaults(run=cmd_ready)

    rotate = sub.add_parser(
        "rotate-cookie-key",
        help="replace the cookie-signing key kept in the database; signs everyone out",
    )
    rotate.set_defaults(run=cmd_rotate_cookie_key)

    users = sub.add_parser("users", help="manage accounts from a shell")
    users_sub = users.add_subparsers(title="users commands", metavar="ACTION")
    add = users_sub.add_parser("add", help="create an account (password on standard input)")
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    # Roles are checked by the command rather than by argparse, so an unknown one is a
    # refused request (exit 1, naming the roles) like any other, not a usage error (exit 2).
    add.add_argument(
        "--role",
        action="append",
        required=True,
        help=f"{', '.join(ROLE_CHOICES)}; repeat for several",
    )
    add.add_argument(
        "--keep-password",
        action="store_true",
        help="do not ask for a new password at the first sign-in",
    )
    add.set_defaults(run=cmd_users_add)
    listing = users_sub.add_parser("list", help="list accounts")
    listing.set_defaults(run=cmd_users_list)
    for name, helptext in (
        ("disable", "stop an account signing in (its history is kept)"),
        ("enable", "let a disabled account sign in again"),
        ("unlock", "lift the sign-in delay after failed sign-ins"),
        ("reset-password", "set a temporary password and print it"),
    ):
        action = users_sub.add_parser(name, help=helptext)
        action.add_argument("username")
        action.set_defaults(run=cmd_users_change, action=name)
    set_role = users_sub.add_parser("set-role", help="replace an account's roles")
    set_role.add_argument("username")
    set_role.add_argument(
        "--role", action="append", required=True, help=f"{', '.join(ROLE_CHOICES)}; repeat"
    )
    set_role.set_defaults(run=cmd_users_set_role)
    return parser


def load_config() -> config_module.Config:
    return config_module.load(config_module.read_secrets_file())


def cmd_check(args: argparse.Namespace) -> int:
    from .check import run_check
    from .problems import errors

    problems = run_check(args.paths, load_config())
    for problem in problems:
        print(problem)
    return 1 if errors(problems) else 0


def cmd_bank(args: argparse.Namespace) -> int:
    from .bank import bank_report, load_bank, render_text

    content, quiz_ids, left_out = load_bank(args.paths, load_config())
    for problem in left_out:
        print(problem, file=sys.stderr)
    report = bank_report(content, quiz_ids)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render_text(report), end="")
    return 1 if left_out else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .quiz.schema import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .display import plural
    from .quiz.formats import MAX_IMPORT_BYTES, FormatError, import_bytes

    if args.to_db == bool(args.output):
        print("error: give either -o QUIZ.yaml or --to-db", file=sys.stderr)
        return 2
    if args.to_db:
        return _import_to_db(args)
    source, output = Path(args.file), Path(args.output)
    if output.exists() and not args.force:
        print(f"error: {output} already exists; add --force to replace it", file=sys.stderr)
        return 1
    try:
        with source.open("rb") as file:
            raw = file.read(MAX_IMPORT_BYTES + 1)
        result = import_bytes(
            raw,
            args.format,
            filename=source.name,
            quiz_id=args.id,
            title=args.title,
            assets_dir=output.parent,
        )
    except OSError as exc:
        print(f"error: {source}: {exc.strerror}", file=sys.stderr)
        return 1
    except FormatError as exc:
        print(f"error: {source}: {exc}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"{source}: {note}", file=sys.stderr)
    if args.strict and result.left_out:
        print(
            f"error: {source}: {plural(result.left_out, 'question')} could not be imported "
            f"(see above); {output} was not written because of --strict",
            file=sys.stderr,
        )
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.yaml(), encoding="utf-8")
    count = len(result.data["questions"])
    left = f" ({plural(result.left_out, 'question')} left out)" if result.left_out else ""
    print(f"wrote {output}: {plural(count, 'question')}{left}; run `{program()} check {output}`")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .quiz.formats import export_quiz
    from .quiz.loading import read_quiz

    if bool(args.quiz) == bool(args.from_db):
        print("error: give either a QUIZ.yaml file or --from-db ID", file=sys.stderr)
        return 2
    if args.from_db:
        return _export_from_db(args)
    if args.format == "yaml":
        print("error: a quiz file is YAML already; --format yaml is for --from-db", file=sys.stderr)
        return 2
    loaded, problems = read_quiz(Path(args.quiz), args.quiz)
    for problem in problems:
        print(problem)
    if loaded is None or problems:
        return 1
    result = export_quiz(loaded.quiz, args.format, assets_dir=Path(args.quiz).parent)
    return _write_export(result, args.output, args.quiz)


def _file_quiz_ids(config: config_module.Config) -> set[str]:
    from .content import load_content

    content = load_content(config.content_dir, config.quizzes_dir)
    return set(content.quizzes) | set(content.duplicates)


def _import_to_db(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .display import plural
    from .quiz.formats import MAX_IMPORT_BYTES, FormatError
    from .quiz_bank import BankError, import_draft

    source = Path(args.file)
    config = load_config()
    try:
        with source.open("rb") as file:
            raw = file.read(MAX_IMPORT_BYTES + 1)
        saved, result = import_draft(
            open_engine(config),
            raw,
            args.format,
            filename=source.name,
            author=shell_actor(),
            file_ids=_file_quiz_ids(config),
            quiz_id=args.id,
            title=args.title,
        )
    except OSError as exc:
        print(f"error: {source}: {exc.strerror}", file=sys.stderr)
        return 1
    except (FormatError, BankError) as exc:
        print(f"error: {source}: {exc}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"{source}: {note}", file=sys.stderr)
    count = len(result.data["questions"])
    left = f" ({plural(result.left_out, 'question')} left out)" if result.left_out else ""
    print(
        f"stored {saved.display} as a draft: {plural(count, 'question')}{left}; "
        "open it in the Quiz studio to check and publish it"
    )
    return 0


def _export_from_db(args: argparse.Namespace) -> int:

    from .quiz.formats import FormatError
    from .quiz_bank import BankError, export

    try:
        result = export(open_engine(), args.from_db, args.format, args.version)
    except (BankError, FormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        for problem in getattr(exc, "problems", []):
            print(problem, file=sys.stderr)
        return 1
    return _write_export(result, args.output, args.from_db)


def _write_export(result: ExportResult, output: str, source: str) -> int:
    """Write an exported quiz, then its notes (what the format could not carry)."""
    try:
        Path(output).write_text(result.text, encoding="utf-8")
    except OSError as exc:
        print(f"error: {output}: {exc.strerror}", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"{source}: {note}", file=sys.stderr)
    print(f"wrote {output}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .backup import backup_sqlite

    written = backup_sqlite(load_config().database_url, Path(args.target))
    print(f"wrote {written}")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from .store.engine import check_connection, create, safe_url
    from .store.migrate import status, upgrade

    config = load_config()
    # One connection is all a migration needs; the app's pool would only eat the budget.
    engine = create(config.database_url, _one_connection(config))
    try:
        check_connection(engine)
        before = status(engine)
        upgrade(engine)
        after = status(engine)
    finally:
        engine.dispose()
    where = safe_url(config.database_url)
    if before.found == after.found:
        print(f"{where}: schema {after.found} is up to date; nothing to do")
    else:
        print(f"{where}: schema upgraded from {before.found or 'nothing'} to {after.found}")
    return 0


def cmd_ready(args: argparse.Namespace) -> int:
    from .readiness import Readiness, check, serve

    if args.serve is not None:
        print(f"answering readiness probes on http://{args.host}:{args.serve}/", flush=True)
        serve(load_config, args.host, args.serve)
        return 0
    try:
        result = check(load_config())
    except config_module.ConfigError as exc:
        result = Readiness(False, f"configuration error: {exc}", "unknown")
    print(result.line())
    return 0 if result.ready else 1


def _one_connection(config: config_module.Config):
    from .store import PoolLimits

    return PoolLimits(size=1, overflow=0, timeout=config.db_pool_timeout)


def open_engine(config: config_module.Config | None = None, *, create: bool = False):
    """The configured database, whose schema ``migrate`` has made this code's; anything
    else (a SQLite file that is not there, an empty or older database) is refused with a
    StoreError and left as it was. With ``create`` (only the demo, which README says fills
    an empty database), it is created or upgraded first, as the app does."""
    from .store import PoolLimits, StoreError, open_store
    from .store.engine import open_migrated

    config = config or load_config()
    pool = PoolLimits(config.db_pool_size, config.db_max_overflow, config.db_pool_timeout)
    if create:
        return open_store(config.database_url, pool)
    missing = _missing_sqlite_file(config.database_url)
    if missing:
        raise StoreError(
            f"the database file {missing} does not exist (nothing was created); check "
            f"NEEDLEWISE_DATABASE_URL, or create it with `{program()} migrate`"
        )
    return open_migrated(config.database_url, pool)


def _missing_sqlite_file(database_url: str) -> str | None:
    """The path of a SQLite database file that does not exist yet, else None."""
    from sqlalchemy.engine import make_url

    from .store.engine import normalise_url

    try:
        url = make_url(normalise_url(database_url))
    except Exception:  # open_store names the problem
        return None
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return None if Path(database).exists() else database


def shell_actor() -> Operator:
    """Whoever runs this command on the server, as the audit log names them."""
    import getpass

    from .acting import Operator

    return Operator(f"shell:{getpass.getuser()}")


def read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != first:
            raise SystemExit("error: the two passwords are not the same")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users_add(args: argparse.Namespace) -> int:
    from . import accounts

    accounts.clean_roles(args.role)  # before the password is asked for
    password = read_password()
    user = accounts.create_user(
        open_engine(),
        args.username,
        args.name,
        args.email,
        password,
        args.role,
        actor=shell_actor(),
        must_change_password=not args.keep_password,
    )
    print(f"created {user.username} ({', '.join(user.roles)})")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from datetime import datetime

    from . import accounts, display, settings, sign_ins

    engine = open_engine()
    # Times in the clinic's zone (UTC when each browser uses its own), named on each row.
    zone = settings.read_all(engine).time_zone or "UTC"

    def when(at: datetime) -> str:
        return f"{display.local(at, zone):%Y-%m-%d %H:%M %Z}"

    everyone = accounts.all_users(engine)
    held = sign_ins.held_back(engine, [user.username for user in everyone])
    rows = [("USERNAME", "NAME", "EMAIL", "ROLES", "STATUS", "LAST SIGN-IN")]
    for user in everyone:
        status = sign_ins.account_status(user, held, when)
        at = user.last_sign_in_at
        last = when(at) if at else "never"
        rows.append((user.username, user.name, user.email, ",".join(user.roles), status, last))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return 0


def cmd_users_change(args: argparse.Namespace) -> int:
    from . import accounts, sign_ins

    engine = open_engine()
    actor = shell_actor()
    if args.action in {"disable", "enable"}:
        if accounts.change_disabled(engine, args.username, args.action == "disable", actor=actor):
            print(f"{args.username} {args.action}d")
        else:
            print(f"{args.username} is already {args.action}d; nothing was changed")
    elif args.action == "unlock":
        print(sign_ins.unlock(engine, args.username, actor=actor).summary())
    else:
        temporary = accounts.reset_password(engine, args.username, actor=actor)
        print(temporary)
    return 0


def cmd_rotate_cookie_key(args: argparse.Namespace) -> int:
    from . import settings

    config = load_config()
    settings.rotate_cookie_key(open_engine(config), actor=shell_actor())
    print("The cookie key kept in the database was replaced; everyone must sign in again.")
    if config.cookie_key:
        print(
            "Note: this installation signs cookies with NEEDLEWISE_COOKIE_KEY or "
            "[auth] cookie_key, which wins over the database; replace that too "
            f"(make one with: {config_module.MAKE_COOKIE_KEY}) and restart every copy."
        )
    return 0


def cmd_users_set_role(args: argparse.Namespace) -> int:
    from . import accounts

    user = accounts.set_roles(open_engine(), args.username, args.role, actor=shell_actor())
    print(f"{user.username}: {', '.join(user.roles)}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    import pandas as pd

    from .stats import StatsError, analyse

    guess = None
    if args.quiz:
        from pathlib import Path

        from .quiz.loading import read_quiz

        loaded, problems = read_quiz(Path(args.quiz), args.quiz)
        if loaded is None:
            for problem in problems:
                print(problem, file=sys.stderr)
            return 1
        guess = {q.id: _guess(q) for _, q in loaded.quiz.leaves()}
    try:
        frame = pd.read_csv(
            args.responses,
            dtype={
                "attempt_id": str,
                "question_id": str,
                "user_id": str,
                "response": str,
                "slot": str,
                "variant": str,
            },
        )
        report = analyse(frame, which=args.attempts, guess=guess)
    except FileNotFoundError:
        print(f"error: {args.responses}: no such file", file=sys.stderr)
        return 1
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        print(f"error: {args.responses}: not a readable CSV table ({exc})", file=sys.stderr)
        return 1
    except StatsError as exc:
        print(f"error: {args.responses}: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2))
    else:
        import csv

        rows = report.to_json()["questions"]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["question_id"])
        writer.writeheader()
        writer.writerows(rows)
    return 0


def _guess(question):
    from .quiz.scoring import random_guess_score

    return random_guess_score(question)


def cmd_demo(args: argparse.Namespace) -> int:
    from .content import load_content
    from .demo import fill

    config = load_config()
    content = load_content(config.content_dir, config.quizzes_dir)
    result = fill(
        open_engine(config, create=True),
        content,
        learners=args.learners,
        seed=args.seed,
        progress=lambda line: print(f"  made {line}", flush=True),
    )
    print(result.summary(program(), config.public_url))
    return 0
