"""One self-contained HTML page: inline style, images as data URIs, nothing fetched."""

import base64
import datetime
import html
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from glassnet._atomic import write_text

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 60rem; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; font-size: 1.25rem;
     border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.meta { color: #666; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
th { background: #f4f4f4; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.best td { background: #fff6d6; font-weight: 600; }
figure { margin: 1.2rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9rem; } code { background: #f4f4f4; padding: 0 0.2rem; }
.note { background: #f7f7f7; border-left: 3px solid #bbb; padding: 0.4rem 0.8rem; }
"""


class Page:
    """Collects headings, text, tables and figures, then writes them as one HTML file."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.parts: list[str] = []

    def heading(self, text: str) -> None:
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def text(self, text: str, css_class: str = "") -> None:
        attribute = f' class="{css_class}"' if css_class else ""
        self.parts.append(f"<p{attribute}>{html.escape(text)}</p>")

    def code(self, text: str) -> None:
        self.parts.append(f"<p><code>{html.escape(text)}</code></p>")

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        highlight: int | None = None,
    ) -> None:
        """A table; floats show 4 decimals (pass text for others), numbers are right-aligned,
        row ``highlight`` is marked as the best."""
        lines = ["<table><thead><tr>"]
        lines += [f"<th>{html.escape(str(h))}</th>" for h in header]
        lines.append("</tr></thead><tbody>")
        for index, row in enumerate(rows):
            lines.append('<tr class="best">' if index == highlight else "<tr>")
            for value in row:
                text = f"{value:.4f}" if isinstance(value, float) else str(value)
                css = ' class="number"' if _numeric(value, text) else ""
                lines.append(f"<td{css}>{html.escape(text)}</td>")
            lines.append("</tr>")
        lines.append("</tbody></table>")
        self.parts.append("".join(lines))

    def figure(self, png: str | os.PathLike[str], caption: str) -> None:
        """Embed a PNG file as a data URI (the page never refers to the file)."""
        data = base64.b64encode(Path(png).read_bytes()).decode("ascii")
        alt = html.escape(caption, quote=True)
        self.parts.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )

    def render(self, subtitle: str = "") -> str:
        from glassnet._version import __version__

        written = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        meta = f"{subtitle} · " if subtitle else ""
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(self.title)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(self.title)}</h1>"
            f'<p class="meta">{html.escape(meta)}glassnet {html.escape(__version__)} · '
            f"written {written}</p>\n" + "\n".join(self.parts) + "\n</body></html>\n"
        )

    def write(self, path: str | os.PathLike[str], subtitle: str = "") -> Path:
        write_text(path, self.render(subtitle))
        return Path(path)


def _numeric(value: Any, text: str) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True
