"""Refresh the output blocks of docs/lessons.md from the lessons themselves.

    GLASSNET_DATA=../shared/data python docs/update_lessons.py

Each block sits between ``<!-- output: NAME -->`` and ``<!-- end output -->``; the test
suite checks that the blocks of the lessons that need no data are current.
"""

import re
import sys
from pathlib import Path

from glassnet.lessons import LESSONS

DOC = Path(__file__).with_name("lessons.md")
BLOCK = re.compile(r"(<!-- output: (\w+) -->\n```text\n)(.*?)(```\n<!-- end output -->)", re.S)


def main() -> int:
    text = DOC.read_text(encoding="utf-8")

    def refresh(match: re.Match[str]) -> str:
        lesson = LESSONS[match.group(2)].run()
        print(f"ran {match.group(2)}", file=sys.stderr)
        return f"{match.group(1)}{lesson.text()}\n{match.group(4)}"

    DOC.write_text(BLOCK.sub(refresh, text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
