"""Execute a notebook with papermill and turn it into a report page: no code, a title, contents, offline.

`execute` runs a notebook on a kernel that talks over local socket files (IPC, so the
kernel's "running over TCP without encryption" warning never appears; it logs errors only)
and returns the
executed notebook, cleaned so that two runs give the same file: cell ids are numbered, run
times and papermill's timings are dropped, and the injected parameters show the paths a
reader can use (the published ones, not the staging folder's). `to_html` converts it with
the project's template (`templates/pcmt`: JupyterLab's look, nothing loaded from a network),
without code cells unless asked, with a real `<title>` and a table of contents built from
the headings.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import tempfile
import threading
import weakref
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import nbformat
import papermill as pm
from jupyter_client.manager import AsyncKernelManager
from nbconvert import HTMLExporter

from ..config import NOTEBOOKS_DIR
from .present import esc

TEMPLATES = Path(__file__).resolve().parent / "templates"
TOC_MARK = "<!-- pcmt:toc -->"
# The kernel logs errors only: no "parent appears to have exited" chatter after a Ctrl-C.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


class QuietKernelManager(AsyncKernelManager):
    """A kernel reached over IPC sockets in a private folder, never over TCP (nothing to warn about)."""

    running: ClassVar[weakref.WeakSet[QuietKernelManager]] = weakref.WeakSet()
    stopping: ClassVar[threading.Event] = threading.Event()  # set by `stop_kernels`: no kernel starts after

    def __init__(self, **kwargs: Any) -> None:
        self._private = tempfile.mkdtemp(prefix="pcmt-kernel-")
        # removed with the manager or at exit at the latest: a killed kernel's client never cleans up
        weakref.finalize(self, shutil.rmtree, self._private, True)
        super().__init__(transport="ipc", ip=os.path.join(self._private, "ipc"), **kwargs)
        QuietKernelManager.running.add(self)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        """Remove the connection and socket files, and the private folder once the kernel is gone."""
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._private, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources

    async def _async_start_kernel(self, **kwargs: Any) -> None:
        """Start the kernel, unless the report is being stopped (then a kernel started meanwhile dies too)."""
        if self.stopping.is_set():
            raise RuntimeError("the report was interrupted: no notebook starts")
        await super()._async_start_kernel(**kwargs)
        if self.stopping.is_set():
            stop_kernels()

    start_kernel = _async_start_kernel


def stop_kernels() -> None:
    """Kill every kernel this process started that still runs (after a Ctrl-C: the notebooks stop at once)."""
    QuietKernelManager.stopping.set()
    killed = []
    for km in list(QuietKernelManager.running):
        process = getattr(getattr(km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            killed.append(process)
    for process in killed:  # gone before the staging folder is removed: a dying kernel writes nothing after
        with contextlib.suppress(Exception):  # a kernel that will not die must not hide the interruption
            process.wait(timeout=10)


def execute(nb: Path, output: Path, parameters: Mapping[str, Any], shown: Mapping[str, Any]) -> nbformat.NotebookNode:
    """Run notebook `nb` with `parameters` into `output`; the saved copy states `shown` as its parameters."""
    try:
        pm.execute_notebook(str(nb), str(output), parameters=dict(parameters), cwd=str(NOTEBOOKS_DIR),
                            kernel_name="python3", progress_bar=False, log_output=False,
                            kernel_manager_class=QuietKernelManager, extra_arguments=KERNEL_ARGUMENTS)
    finally:
        close_thread_loop()
    executed = nbformat.read(output, as_version=4)
    clean(executed, shown)
    nbformat.write(executed, output)
    return executed


def close_thread_loop() -> None:
    """Close the event loop papermill's client left in this thread: jupyter_core makes one per thread and never
    closes it, and one collected at exit after its sockets prints a traceback under an interrupted run's message."""
    with contextlib.suppress(RuntimeError):  # no loop in this thread: nothing to close
        loop = asyncio.get_event_loop_policy().get_event_loop()
        if not loop.is_running() and not loop.is_closed():
            loop.close()
        asyncio.set_event_loop(None)


def _assignments(params: Mapping[str, Any]) -> str:
    """The injected-parameters cell's source for `params` (papermill's own translation, as literals)."""
    from papermill.translators import translate_parameters

    return str(translate_parameters("python", "python", dict(params), "Parameters"))


def clean(nb: nbformat.NotebookNode, shown: Mapping[str, Any]) -> None:
    """Make an executed notebook the same from run to run: numbered cell ids, no timings, shown paths."""
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = _assignments(shown)
    nb.metadata["papermill"] = {"parameters": dict(shown)}
    nb.metadata.pop("widgets", None)


def _title(nb: nbformat.NotebookNode) -> str:
    """The notebook's first heading, as plain text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip()
    return "Report"


class _Headings(HTMLParser):
    """Collects the h2 and h3 headings that carry an id (nbconvert gives every heading one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            ident = dict(attrs).get("id")
            if ident:
                self._open, self._text = (int(tag[1]), ident), []
        elif tag == "a" and self._open and "anchor-link" in (dict(attrs).get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        elif tag in ("h2", "h3") and self._open:
            level, ident = self._open
            self.found.append((level, ident, "".join(self._text).strip()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip:
            self._text.append(data)


def table_of_contents(page: str) -> str:
    """A <nav> listing the page's h2 and h3 headings as links."""
    parser = _Headings()
    parser.feed(page)
    items = "".join(f'<li class="{"sub" if level == 3 else "top"}"><a href="#{esc(ident)}">{esc(text)}</a></li>'
                    for level, ident, text in parser.found)
    return f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>' if items else ""


def to_html(nb: nbformat.NotebookNode, title_suffix: str, resources: Mapping[str, str], with_code: bool = False
            ) -> str:
    """The executed notebook as a self-contained report page (code cells only `with_code`)."""
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if "parameters" not in c.metadata.get("tags", [])]
    title = _title(nb)
    nb.metadata["title"] = f"{title} — {title_suffix}" if title_suffix else title
    exporter = HTMLExporter(template_name="pcmt", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=not with_code, exclude_input_prompt=not with_code,
                            exclude_output_prompt=True, anchor_link_text="¶")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}, **resources})
    return place_contents(body)


def place_contents(page: str) -> str:
    """Put the table of contents after the first cell (the title and introduction), else at the top."""
    toc = table_of_contents(page)
    page = page.replace(TOC_MARK, "", 1)
    cells = [m.start() for m in re.finditer(r'<div[^>]*class="jp-Cell ', page)]
    if len(cells) > 1:
        return page[:cells[1]] + toc + page[cells[1]:]
    return page.replace("<main>", "<main>" + toc, 1)
