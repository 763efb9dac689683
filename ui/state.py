"""What the apps share across sessions: one :class:`Assistant` per process, and the edge that turns
errors into plain Chinese (never a traceback)."""

from __future__ import annotations

import logging
import traceback
import uuid
from pathlib import Path
from contextlib import contextmanager
from typing import Iterator

import streamlit as st

from assistant.config import load_settings
from assistant.errors import BudgetQAError
from assistant.service import Assistant

log = logging.getLogger("budget_qa.ui")


def assistant() -> Assistant:
    """The process's one service over the configured data dir."""
    return _service(str(load_settings().data_dir))


@st.cache_resource(show_spinner="正在打开预算数据 …")
def _service(data_dir: str) -> Assistant:
    service = Assistant(load_settings(data_dir=Path(data_dir)))
    service.documents()  # opens the store (and ingests the bundled sample on first use)
    return service


@contextmanager
def shown_errors() -> Iterator[None]:
    """The UI's one error edge: a user error → its Chinese message; anything else → a short reference,
    the traceback in the data dir's errors.log (re-raised when settings.raise_errors)."""
    try:
        yield
    except BudgetQAError as error:
        st.error(error.message_zh)
    except Exception:
        settings = assistant().settings
        if settings.raise_errors:
            raise
        reference = uuid.uuid4().hex[:8]
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            with open(settings.data_dir / "errors.log", "a", encoding="utf-8") as log_file:
                log_file.write(f"--- {reference} (ui)\n{traceback.format_exc()}\n")
        except OSError:
            log.exception("internal error %s", reference)
        st.error(f"抱歉，出现了内部错误（编号 {reference}），请稍后再试或联系管理员。")
