"""``openai-access``: check files (CI), serve the language server, probe named models, doctor.

Exit codes (a contract, see DESIGN.md): 0 no error-severity verdicts, 1 some, 2 usage or
fatal error with a clear message on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from openai_access import __version__
from openai_access.commands.shared import EXIT_FATAL, EXIT_OK, today_from


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_FATAL, f"{self.prog}: error: {message}\n")


class _VersionAction(argparse.Action):
    """``--version``: the package and the catalog's as-of date, the two things that say how old
    an install's answers are. The catalog is read only when asked, not on every start."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object, **__: object) -> None:
        print(version_line())
        parser.exit(EXIT_OK)


def version_line() -> str:
    import json

    from openai_access.catalog import BUNDLED_PATH

    try:
        as_of = json.loads(BUNDLED_PATH.read_text(encoding="utf-8"))["as_of"]
    except (OSError, ValueError, KeyError) as e:
        as_of = f"unreadable ({e.__class__.__name__})"
    return f"openai-access {__version__} (catalog as of {as_of})"


def _host_port(value: str) -> str:
    """``HOST:PORT`` or ``PORT`` with a port from 1 to 65535: a usage error otherwise, not a traceback."""
    host, _, port = value.rpartition(":")
    if not port.isdigit() or not 0 < int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT with a port from 1 to 65535, got {value!r}")
    return f"{host or '127.0.0.1'}:{int(port)}"


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="openai-access", description=__doc__.splitlines()[0].replace("``", "") if __doc__ else None)
    p.add_argument("--version", action=_VersionAction)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--probe",
            choices=["off", "auto", "list", "live"],
            default=None,
            help="how much to ask the API (default: auto; 'off' never touches the network)",
        )
        sp.add_argument(
            "--no-paid-probes", action="store_true", help="never send a paid request (verification then stays unknown)"
        )
        sp.add_argument("--cache-dir", help="where answers are cached (default: the user cache dir)")
        sp.add_argument("--catalog", help="a newer catalog JSON file to use instead of the bundled one")
        sp.add_argument(
            "--project",
            action="append",
            metavar="NAME=ENVVAR",
            help="judge each reference per named project, its key read from ENVVAR (repeatable; replaces the "
            "single OPENAI_API_KEY project)",
        )
        sp.add_argument("--today", help=argparse.SUPPRESS)

    c = sub.add_parser("check", help="check model references in files and folders")
    c.add_argument("paths", nargs="*", default=["."])
    c.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    c.add_argument("--show-ok", action="store_true", help="text output: list references without findings too")
    c.add_argument(
        "--no-gitignore", action="store_true", help="also read files .gitignore / .ignore exclude (default: skip them)"
    )
    c.add_argument(
        "--no-cache",
        action="store_true",
        help="read and scan every file (default: files unchanged since the last check of these folders are not read)",
    )
    common(c)

    s = sub.add_parser("serve", help="start the language server (stdio by default)")
    s.add_argument("--tcp", metavar="HOST:PORT", type=_host_port, help="listen on TCP instead of stdio")
    s.add_argument("--stdio", action="store_true", help=argparse.SUPPRESS)  # vscode-languageclient adds it

    pr = sub.add_parser("probe", help="ask the API now whether this project can use the named models")
    pr.add_argument("models", nargs="+")
    pr.add_argument(
        "--surface",
        default=None,
        help="API to probe on (chat.completions, responses, embeddings, ...); default from the catalog",
    )
    pr.add_argument("--stream", action="store_true", help="also check streaming")
    pr.add_argument("--reasoning-summary", action="store_true", help="also check reasoning summaries")
    pr.add_argument("--format", choices=["text", "json"], default="text")
    common(pr)

    d = sub.add_parser("doctor", help="walk the model-access troubleshooting checklist")
    d.add_argument("path", nargs="?", default=None)
    d.add_argument("--format", choices=["text", "json"], default="text")
    common(d)

    from openai_access.commands.catalog import add_parser as add_catalog_parser

    add_catalog_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            from openai_access.lsp.server import serve

            return serve(tcp=args.tcp)
        if args.command == "check":
            from openai_access.commands.check import run_check

            return run_check(args, today=today_from(args.today))
        if args.command == "probe":
            from openai_access.commands.probe import run_probe

            return run_probe(args, today=today_from(args.today))
        if args.command == "doctor":
            from openai_access.commands.doctor import run_doctor

            return run_doctor(args, today=today_from(args.today))
        if args.command == "catalog":
            from openai_access.commands.catalog import run_catalog

            return run_catalog(args, today=today_from(args.today))
    except KeyboardInterrupt:
        return EXIT_FATAL
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_FATAL
