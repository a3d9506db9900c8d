"""One self-contained HTML page: inline style, images as data URIs, nothing fetched.

``Page`` collects what a report says as data (headings, text, tables, figures); the
markup is the Jinja2 template ``templates/page.html`` shipped with the package, rendered
with autoescaping on, so no text from a model file, a sweep command or a dataset can
become markup.
"""

import base64
import datetime
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from glassnet._atomic import write_text


@dataclass(frozen=True)
class Cell:
    """A table cell's text; numbers are right-aligned."""

    text: str
    numeric: bool


@dataclass(frozen=True)
class Block:
    """One part of the page, in order: a heading, text, code, a table or a figure."""

    kind: str
    text: str = ""
    css_class: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    highlight: int | None = None
    png_base64: str = ""
    caption: str = ""


class Page:
    """Collects headings, text, tables and figures, then writes them as one HTML file."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.blocks: list[Block] = []

    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", text))

    def text(self, text: str, css_class: str = "") -> None:
        self.blocks.append(Block("text", text, css_class))

    def code(self, text: str) -> None:
        self.blocks.append(Block("code", text))

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        highlight: int | None = None,
    ) -> None:
        """A table; floats show 4 decimals (pass text for others), numbers are right-aligned,
        row ``highlight`` is marked as the best."""
        cells = tuple(tuple(_cell(value) for value in row) for row in rows)
        self.blocks.append(
            Block("table", header=tuple(map(str, header)), rows=cells, highlight=highlight)
        )

    def figure(self, png: str | os.PathLike[str], caption: str) -> None:
        """Embed a PNG file as a data URI (the page never refers to the file)."""
        data = base64.b64encode(Path(png).read_bytes()).decode("ascii")
        self.blocks.append(Block("figure", png_base64=data, caption=caption))

    def render(self, subtitle: str = "") -> str:
        from glassnet._version import __version__

        return _template().render(
            title=self.title,
            subtitle=subtitle,
            version=__version__,
            written=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            blocks=self.blocks,
        )

    def write(self, path: str | os.PathLike[str], subtitle: str = "") -> Path:
        write_text(path, self.render(subtitle))
        return Path(path)


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("glassnet.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a misspelt name fails instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("page.html")


def _cell(value: Any) -> Cell:
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    return Cell(text, _numeric(value, text))


def _numeric(value: Any, text: str) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True
