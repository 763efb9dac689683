"""`budget-qa ui`: start a Streamlit app (the staff chat, or with --public the FAQ bot) on the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

from assistant.config import Settings

APPS = {False: "app.py", True: "public.py"}


def streamlit_command(host: str, port: int, public: bool) -> list[str]:
    script = Path(__file__).with_name(APPS[public])
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", host,
            "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"]


def run_streamlit(settings: Settings, host: str, port: int, public: bool,
                  announce: Callable[[str], None] = print) -> int:
    """Run the app in the foreground until interrupted; the data dir is handed over by environment
    (the app builds its own settings from it)."""
    env = dict(os.environ, BUDGET_QA_DATA_DIR=str(settings.data_dir))
    name = "公众问答页" if public else "工作人员问答界面"
    announce(f"{name}：请在浏览器中打开 http://{host}:{port}（Ctrl+C 结束）")
    try:
        return subprocess.call(streamlit_command(host, port, public), env=env)
    except KeyboardInterrupt:
        return 0
