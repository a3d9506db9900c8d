"""Write docs/cli.md, the command line's reference, from the parsers themselves.

    python docs/cli_table.py

The test suite checks that docs/cli.md is what this writes (tests/test_cli_language.py).
"""

from pathlib import Path

from glassnet.cli import build_parser
from glassnet.cli.reference import markdown

DOC = Path(__file__).with_name("cli.md")


def main() -> int:
    DOC.write_text(markdown(build_parser()), encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
