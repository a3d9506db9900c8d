"""MkDocs hook: the built site loads nothing from other hosts, so it works offline.

Three steps. Material's search runs in a Web Worker, which browsers refuse to start from
a file:// page; its offline plugin then loads a small shim (iframe-worker, the search's
worker run in a hidden frame) from a CDN. Here the shim comes from the npm registry
instead, through npm itself (once, cached in build/), and is served with the site.
Pages rendered from notebooks carry the few external resources that nbconvert
and the notebooks add (MathJax and Mermaid from a CDN, which no lesson uses, and the
Colab badge image): they are removed or replaced here. Then every built HTML, CSS and
JavaScript file is read, and any script, stylesheet, image, frame, font or module import
pointing at another host is a warning, which fails `mkdocs build --strict`. Plain links
to other sites (an ``<a href>``) are fine: they load nothing until followed.
"""

import logging
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.offline")

EXTERNAL = r"""(?:https?:)?//[^"'\s>)]+"""
# Resources a browser fetches by itself, in HTML, CSS and JavaScript.
RESOURCE_PATTERNS = [
    re.compile(
        rf"""<(?:script|img|iframe|source|video|audio|embed|track)\b[^>]*?\ssrc\s*=\s*["']?({EXTERNAL})""",
        re.I,
    ),
    re.compile(rf"""<link\b[^>]*?\shref\s*=\s*["']?({EXTERNAL})""", re.I),
    re.compile(rf"""\bsrcset\s*=\s*["']?({EXTERNAL})""", re.I),
    re.compile(rf"""url\(\s*["']?({EXTERNAL})""", re.I),
    re.compile(rf"""@import\s+["']({EXTERNAL})""", re.I),
    re.compile(rf"""\bimport\s*(?:[\w{{}}*,\s]+from\s*)?["']({EXTERNAL})""", re.I),
]
# What nbconvert's templates add to every notebook page: MathJax and Mermaid loaders.
NOTEBOOK_SCRIPTS = re.compile(
    r"<script\b[^>]*>(?:(?!</script>).)*?(?:mathjax|mermaid)(?:(?!</script>).)*?</script>\s*",
    re.I | re.S,
)
NOTEBOOK_CDN_SCRIPTS = re.compile(
    rf"""<script\b[^>]*\ssrc\s*=\s*["']{EXTERNAL}["'][^>]*>\s*</script>\s*""", re.I
)
COLAB_BADGE = re.compile(
    r"""<img\b[^>]*\ssrc\s*=\s*["']https://colab\.research\.google\.com/[^"']*["'][^>]*>""", re.I
)


ROOT = Path(__file__).resolve().parents[2]
SHIM_PACKAGE = "iframe-worker@1.0.4"  # MIT, by Material for MkDocs' author
SHIM = ROOT / "build" / "docs-cache" / "iframe-worker-1.0.4-shim.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"  # mkdocs.yml: extra.polyfills


def search_worker_shim() -> Path:
    """iframe-worker's shim, fetched with ``npm pack`` the first time and kept in build/."""
    if SHIM.is_file():
        return SHIM
    npm = shutil.which("npm")
    if npm is None:
        raise PluginError(
            "the site's offline search needs iframe-worker's shim from the npm registry, "
            "and npm is not installed (Debian: apt-get install npm)"
        )
    with tempfile.TemporaryDirectory() as folder:
        packed = subprocess.run(
            [npm, "pack", SHIM_PACKAGE, "--silent"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if packed.returncode != 0:
            raise PluginError(f"npm pack {SHIM_PACKAGE} failed: {packed.stderr.strip()}")
        with tarfile.open(Path(folder) / packed.stdout.strip().splitlines()[-1]) as archive:
            member = archive.extractfile("package/shim/index.js")
            if member is None:
                raise PluginError(f"{SHIM_PACKAGE} has no shim/index.js")
            SHIM.parent.mkdir(parents=True, exist_ok=True)
            partial = SHIM.with_suffix(".partial")
            partial.write_bytes(member.read())
            partial.rename(SHIM)
    return SHIM


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    if SHIM_URI not in config.extra.get("polyfills", []):
        raise PluginError(f"mkdocs.yml must list {SHIM_URI} in extra.polyfills")
    shim = search_worker_shim()
    files.append(File.generated(config, SHIM_URI, abs_src_path=str(shim)))
    return files


def on_page_content(html: str, page: Page, **kwargs: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = NOTEBOOK_SCRIPTS.sub("", html)
    html = NOTEBOOK_CDN_SCRIPTS.sub("", html)
    return COLAB_BADGE.sub("Open in Colab", html)


def external_resources(text: str) -> list[str]:
    """Every address of another host that ``text`` (HTML, CSS or JavaScript) would load."""
    return sorted({match for pattern in RESOURCE_PATTERNS for match in pattern.findall(text)})


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    site = Path(config.site_dir)
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        for address in external_resources(path.read_text(encoding="utf-8", errors="replace")):
            log.warning(
                "%s loads %s from another host: the site must work offline",
                path.relative_to(site),
                address,
            )
