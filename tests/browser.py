"""The apps for real in a real browser: a `budget-qa ui` server on a free port of 127.0.0.1 with its
own data dir, Debian's Chromium, and screenshots kept for the README."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Playwright's own browser download does not work here; Debian's chromium does.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
WAIT_MS = 60_000
STARTUP_S = 120.0  # the first start ingests the bundled sample
SCREENSHOTS_ENV = "BUDGET_QA_SCREENSHOTS"  # a folder that receives a copy of every screenshot


@dataclass(frozen=True)
class App:
    url: str
    data_dir: Path
    log: Path

    def internal_errors(self) -> str:
        """The tracebacks the app logged behind its 「内部错误」 messages; empty when none."""
        path = self.data_dir / "errors.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ui_command(port: int, data_dir: Path, public: bool) -> list[str]:
    script = Path(sys.executable).with_name("budget-qa")
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "assistant.cli"]
    return [*entry, "ui", "--port", str(port), "--data-dir", str(data_dir), *(["--public"] if public else [])]


@contextmanager
def running_app(data_dir: Path, log: Path, public: bool = False) -> Iterator[App]:
    """`budget-qa ui` in its own process group, stopped (the whole group) afterwards."""
    port = free_port()
    # Only the data dir given here: no BUDGET_QA_* setting of the caller's shell leaks into the app.
    env = {key: value for key, value in os.environ.items() if not key.startswith("BUDGET_QA_")}
    with open(log, "wb") as out:
        process = subprocess.Popen(ui_command(port, data_dir, public), stdout=out, stderr=subprocess.STDOUT,
                                   env=env, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, log)
        yield App(url=url, data_dir=data_dir, log=log)
    finally:
        stop(process)


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"`budget-qa ui` exited with {process.returncode}:\n{log.read_text('utf-8', 'replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"`budget-qa ui` not healthy at {url} after {STARTUP_S:.0f} s:\n"
                       f"{log.read_text('utf-8', 'replace')}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (budget-qa and its streamlit child), SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def screenshot(page, folder: Path, name: str) -> Path:
    """``page`` into ``folder/name``, copied to $BUDGET_QA_SCREENSHOTS when that names a folder."""
    path = folder / name
    page.screenshot(path=str(path))
    # A test-only option, read here rather than in assistant/config.py: the app never sees it.
    extra = os.environ.get(SCREENSHOTS_ENV)
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(extra) / name)
    return path
