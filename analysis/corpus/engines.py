"""Where the per-file work runs: in this process, a local process pool, or a dask.distributed cluster."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

ENGINES = ("local", "dask")


class Future(Protocol):
    """What engines return: something whose `result()` waits for the value."""

    def result(self) -> Any:
        """The value, once it is computed."""


class _Done:
    """An already computed result (the in-process engine)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        """The value, computed when submitted."""
        return self.value


class Engine:
    """Runs `fn(*args)` somewhere and returns a future; started on first use, closed at the end."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run `fn(*args)` now, in this process."""
        return _Done(fn(*args))

    def close(self) -> None:
        """Stop the workers (nothing to do in process)."""


def _watch_parent(parent: int) -> None:
    """End this worker when its parent has gone (killed: nobody is left to stop the pool)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _start_worker(parent: int) -> None:
    """In each worker: Ctrl-C is the parent's to handle (it stops the pool cleanly), and the worker
    ends by itself if the parent is killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


class LocalEngine(Engine):
    """A process pool of `jobs` workers on this machine."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Queue `fn(*args)` on the pool (started on the first call)."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker,
                                             initargs=(os.getpid(),))
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Wait for the workers to finish and stop them."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(Engine):
    """A `distributed.LocalCluster` of `jobs` single-threaded worker processes."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._client: Any = None
        self._cluster: Any = None

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Send `fn(*args)` to the cluster (started on the first call)."""
        if self._client is None:
            from distributed import Client, LocalCluster

            self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        future: Future = self._client.submit(fn, *args, pure=False)
        return future

    def close(self) -> None:
        """Disconnect and shut the cluster down."""
        if self._client is not None:
            self._client.close()
            self._cluster.close()


class EngineUnavailable(RuntimeError):
    """The engine asked for cannot run here (its package is not installed)."""


def make_engine(engine: str, jobs: int) -> Engine:
    """The engine named `engine` with `jobs` workers (`local` with one job runs in process)."""
    if engine == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise EngineUnavailable("--engine dask needs dask and distributed: "
                                    "pip install 'pcmt-notebooks[dask]'") from exc
        return DaskEngine(jobs)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    return Engine() if jobs <= 1 else LocalEngine(jobs)
