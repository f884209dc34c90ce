"""A headless Chromium driven through its DevTools protocol, for the browser tests (no Playwright download).

`Browser.open(url)` loads a page and returns what a reader's browser did: every request it
made, the console errors and exceptions, and the images that did not load. Chromium is
Debian's package (`apt-get install -y chromium`); the websocket comes from websocket-client.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
         "--disable-default-apps", "--mute-audio", "--remote-debugging-port=0", "about:blank"]
IMAGES_NOT_LOADED = "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt)"


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class Visit:
    """What loading one page did."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    images: int = 0
    title: str = ""


class Browser:
    """One headless Chromium process and a websocket to its first page."""

    def __init__(self, binary: str, timeout: float = 30.0) -> None:
        import websocket  # websocket-client

        self.profile = Path(tempfile.mkdtemp(prefix="pcmt-chromium-"))
        self.proc = subprocess.Popen([binary, f"--user-data-dir={self.profile}", *FLAGS],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)  # its helpers in one group, stopped together
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        import urllib.request

        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=timeout).read())
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=timeout, suppress_origin=True)
        self.timeout = timeout
        self._id = 0
        self._events: list[dict[str, Any]] = []
        for domain in ("Network", "Log", "Runtime", "Page"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events that arrive meanwhile are kept)."""
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self._id:
                return dict(msg.get("result", {}))
            self._events.append(msg)

    def open(self, url: str) -> Visit:
        """Load `url`, wait for the load event and a quiet moment, and report what happened."""
        self._events = []
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + self.timeout
        loaded = False
        while time.monotonic() < deadline:
            self.ws.settimeout(0.5 if loaded else self.timeout)
            try:
                msg = json.loads(self.ws.recv())
            except Exception:  # a quiet half second after the load event: done
                if loaded:
                    break
                raise
            self._events.append(msg)
            loaded = loaded or msg.get("method") == "Page.loadEventFired"
        self.ws.settimeout(self.timeout)
        visit = Visit()
        for ev in self._events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Network.requestWillBeSent":
                visit.requests.append(params["request"]["url"])
            elif method == "Runtime.exceptionThrown":
                visit.errors.append(json.dumps(params.get("exceptionDetails", {}))[:300])
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                visit.errors.append(json.dumps(params.get("args", []))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                visit.errors.append(params["entry"].get("text", "")[:300])
            elif method == "Network.loadingFailed":
                visit.errors.append(f"failed to load: {params.get('errorText')}")
        visit.broken_images = self._evaluate(IMAGES_NOT_LOADED)
        visit.images = self._evaluate("document.images.length")
        visit.title = self._evaluate("document.title")
        return visit

    def _evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        try:
            if hasattr(self, "ws"):
                self.ws.close()
        finally:
            self._signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
            self._signal(signal.SIGKILL)  # a helper still writing would put the profile back
            shutil.rmtree(self.profile, ignore_errors=True)

    def _signal(self, sig: int) -> None:
        """Send `sig` to the browser and every helper process it started."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, sig)
