"""Start the Streamlit app on a free local port for browser tests, screenshots and benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from landscape import paths

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen, timeout: float = 60, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log else ""
            raise RuntimeError(f"streamlit exited with code {process.returncode}\n{said}".rstrip())
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{base} did not become healthy in {timeout:.0f}s")


@contextlib.contextmanager
def served_app(db: Path | None = None, script: Path | None = None, env: dict[str, str] | None = None,
               cwd: Path | None = None) -> Iterator[str]:
    """Yield the base URL of a running app; stop it on exit. `cwd` (default: the project's root) is
    also the first entry of the server's import path: a benchmark's twin page runs elsewhere, so that
    no project code is on its path."""
    port = free_port()
    environment = {**os.environ, **(env or {})}
    if db is not None:
        environment["LANDSCAPE_DB"] = str(db)
    command = [sys.executable, "-m", "streamlit", "run", str(script or paths.ROOT / "app.py"),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    # The server's log goes to a file, never to a pipe nobody reads: a full pipe would block the
    # server's next log line, and with it whichever session was logging.
    with tempfile.TemporaryDirectory(prefix="landscape-serve-") as scratch:
        log = Path(scratch) / "streamlit.log"
        with log.open("w", encoding="utf-8") as sink:
            process = subprocess.Popen(command, cwd=cwd or paths.ROOT, env=environment, stdout=subprocess.DEVNULL,
                                       stderr=sink, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, process, log=log)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
