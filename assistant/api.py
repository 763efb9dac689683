"""The read-only HTTP API (FastAPI): parses requests, asks :class:`assistant.service.Assistant`, renders JSON.

Every error, the framework's own included, has one shape::

    {"error": {"status": 422, "code": "question_too_long", "message": "问题太长…", "message_en": "…"}}

Follow-ups are stateless: a client sends the earlier questions of the conversation as ``history`` and
the server asks them again in order (milliseconds each) to rebuild what a follow-up refers to, so any
worker can answer any request.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import datetime
from importlib.metadata import version
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.catalog import TableInfo
from assistant.config import Settings, load_settings
from assistant.errors import (BodyTooLarge, BudgetQAError, ConfigError, HTTPError, InternalError, InvalidJson,
                              InvalidRequest, MethodNotAllowed, QuestionTooLong, RouteNotFound, TooManyRequests)
from assistant.service import Assistant
from assistant.types import Answer, Route

log = logging.getLogger("budget_qa.api")

MAX_HISTORY = 10  # earlier questions a follow-up may send; each is asked again
RATE_WINDOW_S = 60.0
RATE_EXEMPT = frozenset({"/health"})


class Refused(StarletteHTTPException):
    """Carries a user error out of a place FastAPI lets only HTTP exceptions through (reading the body)."""

    def __init__(self, error: BudgetQAError) -> None:
        super().__init__(error.status)
        self.error = error


_FIELD_PROBLEMS = {  # pydantic error type → Chinese; the English is pydantic's own message
    "missing": "缺少此项", "string_type": "应为字符串", "list_type": "应为列表", "dict_type": "应为对象",
    "model_attributes_type": "应为 JSON 对象", "string_too_short": "不能为空", "too_long": "条目过多",
    "extra_forbidden": "不认识的字段",
}


def error_code(error: BudgetQAError) -> str:
    """QuestionTooLong → question_too_long."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


def error_response(error: BudgetQAError, headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": error.status, "code": error_code(error), "message": error.message_zh,
                            "message_en": error.message_en}
    if isinstance(error, InternalError):
        body["reference"] = error.detail["reference"]
    return JSONResponse({"error": body}, status_code=error.status, headers=headers)


def _invalid(exc: RequestValidationError) -> BudgetQAError:
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return InvalidJson(reason=first.get("ctx", {}).get("error", first["msg"]))
    where = ".".join(str(part) for part in first["loc"] if part != "body")
    return InvalidRequest(where_zh=f"字段 {where} " if where else "", where_en=f"{where}: " if where else "",
                          reason_zh=_FIELD_PROBLEMS.get(first["type"], first["msg"]), reason_en=first["msg"])


def _http_error(request: Request, exc: StarletteHTTPException) -> BudgetQAError:
    if isinstance(exc, Refused):
        return exc.error
    if exc.status_code == 404:
        return RouteNotFound(path=request.url.path)
    if exc.status_code == 405:
        return MethodNotAllowed(path=request.url.path, method=request.method)
    error = HTTPError(status=exc.status_code, reason=exc.detail)
    error.status = exc.status_code
    return error


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BudgetQAError)
    async def user_error(request: Request, exc: BudgetQAError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(_invalid(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(_http_error(request, exc), headers=exc.headers)


# ------------------------------------------------------------ middleware (pure ASGI: nothing buffered)

class CatchAll:
    """Unexpected errors: a short reference to the client, the traceback to the log; re-raised when
    ``raise_errors`` (tests, debugging). Inside CORS, so a browser can read the 500 too."""

    def __init__(self, app: ASGIApp, raise_errors: bool) -> None:
        self.app, self.raise_errors = app, raise_errors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if self.raise_errors or started:
                raise
            reference = uuid.uuid4().hex[:8]
            log.exception("internal error %s on %s %s", reference, scope["method"], scope["path"])
            await error_response(InternalError(reference=reference))(scope, receive, send)


class RateLimit:
    """At most ``per_minute`` requests per client IP in any 60 s (sliding window); /health is exempt.

    Counted in this process: with N workers a client may get up to N × the limit. The client is the
    peer address, or X-Forwarded-For where uvicorn trusts the proxy (by default one on 127.0.0.1)."""

    def __init__(self, app: ASGIApp, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.per_minute, self.clock = app, per_minute, clock
        self.seen: dict[str, deque[float]] = {}
        self._sweep_at = 10_000

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in RATE_EXEMPT:
            client = scope["client"][0] if scope.get("client") else "?"
            wait = self.admit(client)
            if wait:
                error = TooManyRequests(limit=self.per_minute, retry_after=wait)
                return await error_response(error, headers={"Retry-After": str(wait)})(scope, receive, send)
        await self.app(scope, receive, send)

    def admit(self, client: str) -> int:
        """0 when the request may go ahead (and is counted), else the seconds until it may."""
        now = self.clock()
        stamps = self.seen.setdefault(client, deque())
        while stamps and stamps[0] <= now - RATE_WINDOW_S:
            stamps.popleft()
        if len(stamps) >= self.per_minute:
            return max(1, math.ceil(stamps[0] + RATE_WINDOW_S - now))
        stamps.append(now)
        if len(self.seen) > self._sweep_at:  # forget idle clients; amortised over many requests
            self.seen = {ip: s for ip, s in self.seen.items() if s and s[-1] > now - RATE_WINDOW_S}
            self._sweep_at = max(10_000, 2 * len(self.seen))
        return 0


class BodyLimit:
    """Refuses a body over ``max_bytes``: at once from Content-Length, else while a chunked body is read.

    Not FastAPI's ``max_body_size``: that answers in plain text where no route reads the body."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return await error_response(BodyTooLarge(limit=self.max_bytes))(scope, receive, send)
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise Refused(BodyTooLarge(limit=self.max_bytes))
            return message

        await self.app(scope, limited, send)


# ------------------------------------------------------------ request and response models

class HistoryItem(BaseModel):
    """An earlier question of the conversation. Earlier answers may be sent back whole: only
    ``question`` is read."""

    question: str = Field(description="The earlier question, as asked.")


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, description="问题 (at most max_question_chars, 500 by default).",
                          examples=["办公设备买了多少钱？"])
    history: list[HistoryItem] = Field(
        default_factory=list, max_length=MAX_HISTORY,
        description=f"The conversation's earlier questions, oldest first (at most {MAX_HISTORY}: send the "
                    "latest); a follow-up such as 那项目支出呢？ is read against them.")
    docs: list[str] = Field(default_factory=list, max_length=50,
                            description="Documents to read the question in (ids, or unique titles or file "
                                        "names); none = every stored document.")


class CitationOut(BaseModel):
    doc: str = Field(description="Document title.")
    table: str = Field(description="Table code as published, e.g. 预算03表.")
    table_name: str
    row: int = Field(description="Row number within the table.")
    cells: list[str] = Field(description="The row's cells as published.")
    page: int | None = Field(default=None, description="PDF page (or Excel sheet), when there is one.")
    section: str | None = Field(default=None, description="Prose: the heading of the section.")
    file: str | None = Field(default=None, description="The source file, in a document of several files.")


class FigureOut(BaseModel):
    label: str
    value: str = Field(description="The exact decimal, as text (no float rounding).")
    unit: str
    formula: str | None = Field(description="How it was computed from cited rows; null for a published value.")


class AnswerOut(BaseModel):
    question: str
    answer: str = Field(description="The answer in Chinese, with its sources.")
    route: Route
    citations: list[CitationOut]
    figures: list[FigureOut]
    sql: str | None = Field(description="The read-only queries that found the figures.")
    interpretation: str = Field(description="The engine's reading of the question, one line to check.")
    plan: dict[str, Any] = Field(description="The typed plan the engine executed.")


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    department: str
    year: int | None
    kind: str = Field(description="预算 or 决算.")
    source_name: str
    n_tables: int
    n_rows: int
    validation_status: str
    n_checks: int
    n_warnings: int = Field(description="Checks that failed.")
    n_notes: int = Field(description="Warnings about the reading itself (a guessed identity, a table not fully read).")
    ingested_at: datetime | None
    sha256: str


class TableOut(BaseModel):
    code: str = Field(description="Table code as published (预算03表), or its title where it has none.")
    title: str
    kind: str
    unit: str | None
    n_rows: int
    is_empty: bool


class RowOut(BaseModel):
    row_no: int
    page: int | None
    line_no: int
    role: str
    cells: list[str]


class TableRowsOut(TableOut):
    doc_id: str
    columns: list[str] = Field(description="Column headers, outer to inner levels joined.")
    rows: list[RowOut]


class HealthOut(BaseModel):
    status: str
    documents: int


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(examples=["question_too_long"])
    message: str = Field(description="中文说明")
    message_en: str
    reference: str | None = Field(default=None, description="500 only: quote it to find the logged traceback.")


class ErrorOut(BaseModel):
    error: ErrorDetail


# ------------------------------------------------------------ the app

def _table(info: TableInfo) -> dict[str, Any]:
    return {"code": info.table_code, "title": info.table_title, "kind": info.table_kind, "unit": info.unit,
            "n_rows": info.n_rows, "is_empty": info.is_empty}


def _checked(question: str, limit: int) -> str:
    if len(question) > limit:
        raise QuestionTooLong(length=len(question), limit=limit)
    return question


def _answer(assistant: Assistant, request: AskRequest, limit: int) -> Answer:
    docs = [assistant.document(wanted).doc_id for wanted in request.docs] or None
    history: list[Answer] = []
    for earlier in request.history:
        history.append(assistant.ask(_checked(earlier.question, limit), history, docs))
    return assistant.ask(_checked(request.question, limit), history, docs)


def _add_routes(app: FastAPI, assistant: Assistant, settings: Settings) -> None:
    not_found = {404: {"model": ErrorOut, "description": "Unknown document or table."}}

    @app.post("/ask", response_model=AnswerOut, response_model_exclude_unset=True, summary="提问 Ask a question")
    def ask(request: AskRequest) -> Any:
        return _answer(assistant, request, settings.max_question_chars).to_dict()

    @app.get("/documents", response_model=list[DocumentOut], summary="已导入的文件 Stored documents")
    def documents() -> Any:
        return [asdict(doc) for doc in assistant.documents()]

    @app.get("/documents/{doc_id}/tables", response_model=list[TableOut], responses=not_found,
             summary="文件中的表 A document's tables")
    def tables(doc_id: str) -> Any:
        return [_table(info) for info in assistant.tables(doc_id)]

    @app.get("/documents/{doc_id}/tables/{code}", response_model=TableRowsOut, responses=not_found,
             summary="按原样显示一张表 A table as published")
    def table(doc_id: str, code: str) -> Any:
        doc = assistant.document(doc_id)
        info, rows = assistant.table(doc.doc_id, code)
        return {**_table(info), "doc_id": doc.doc_id, "columns": info.column_paths,
                "rows": [{"row_no": r.row_no, "page": r.page, "line_no": r.line_no, "role": r.role,
                          "cells": r.cells} for r in rows]}

    @app.get("/health", response_model=HealthOut, summary="Liveness and the number of stored documents")
    def health() -> Any:
        return {"status": "ok", "documents": len(assistant.documents())}


def create_app(settings: Settings) -> FastAPI:
    assistant = Assistant(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        assistant.documents()  # open the store at start: a missing or busy store fails here, not on a request
        yield
        assistant.close()

    errors = {status: {"model": ErrorOut} for status in (400, 413, 422, 429, 500)}
    app = FastAPI(title="预算问答助手 API", version=version("budget-qa"), lifespan=lifespan, responses=errors,
                  description="Read-only: exact, cited answers from published department budgets, and the "
                              "tables they come from. Errors: `{\"error\": {status, code, message, message_en}}`.")
    app.state.assistant = assistant
    _install_error_handlers(app)
    _add_routes(app, assistant, settings)
    # Each one added wraps the ones before: CORS → CatchAll → RateLimit → BodyLimit → routes.
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes)
    app.add_middleware(RateLimit, per_minute=settings.api_requests_per_minute)
    app.add_middleware(CatchAll, raise_errors=settings.raise_errors)
    if settings.api_cors_origins:  # none configured: no CORS headers at all, preflights get the usual 405
        app.add_middleware(CORSMiddleware, allow_origins=settings.api_cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"], expose_headers=["Retry-After"])
    return app


def app_from_env() -> FastAPI:
    """The factory each worker process calls (``serve`` with workers > 1): settings from the environment."""
    return create_app(load_settings())


def _worker_env(settings: Settings) -> dict[str, str]:
    """The settings given explicitly (CLI flags) as BUDGET_QA_* variables, for worker processes."""
    given = settings.model_dump(mode="json", include=settings.model_fields_set)
    return {f"BUDGET_QA_{key.upper()}": value if isinstance(value, str) else json.dumps(value)
            for key, value in given.items()}


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Run the API under uvicorn; the store must exist already (several workers only read it)."""
    if workers < 1:
        raise ConfigError(key="workers", reason="至少为 1 / must be at least 1")
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port)
        return
    os.environ.update(_worker_env(settings))  # the hand-off: each worker builds its settings from these
    uvicorn.run("assistant.api:app_from_env", factory=True, host=host, port=port, workers=workers)
