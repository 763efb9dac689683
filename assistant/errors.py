"""Errors people can act on.

Every error a user can cause is a :class:`BudgetQAError`: a Chinese message, an
English one and a status (HTTP-style, also mapped to the CLI exit code).
Subclasses set the templates as class attributes; the detail (file, line,
table, SQL) stays on the exception as keyword fields.
"""

from __future__ import annotations

from typing import Any


class BudgetQAError(Exception):
    status: int = 400
    zh: str = "请求无法完成。"
    en: str = "The request could not be completed."

    def __init__(self, **detail: Any) -> None:
        self.detail = detail
        super().__init__(self.message)

    @property
    def message_zh(self) -> str:
        return self.zh.format(**self.detail)

    @property
    def message_en(self) -> str:
        return self.en.format(**self.detail)

    @property
    def message(self) -> str:
        return f"{self.message_zh}\n{self.message_en}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent back from a worker process (files are parsed in a pool): rebuilt from its detail as is.
        return _rebuild, (type(self), self.detail)


def _rebuild(cls: type[BudgetQAError], detail: dict[str, Any]) -> BudgetQAError:
    error = cls.__new__(cls)
    error.detail = detail
    Exception.__init__(error, error.message)
    return error


class ConfigError(BudgetQAError):
    status = 500
    zh = "配置项 {key} 无效：{reason}。请检查环境变量 BUDGET_QA_* 或命令行参数。"
    en = "Setting {key} is invalid: {reason}. Check the BUDGET_QA_* environment variables or flags."


class IngestError(BudgetQAError):
    """A file refused at ingest; the store is left as it was."""

    zh = "文件 {file} 无法导入：{reason_zh}"
    en = "Cannot ingest {file}: {reason_en}"


class IdentityClash(IngestError):
    """Two different files resolve to one document (department, year, kind): neither replaces the other."""

    zh = ("“{second}”与“{first}”都被识别为 {title}，为免一份文件悄悄替换另一份，未导入。{hint}")
    en = ("'{second}' and '{first}' both read as {title}; refused so that neither silently replaces the other. "
          "{hint_en}")


class ParseError(IngestError):
    """A bad line, named where a person finds it: line N of a text file, sheet K row N of a workbook,
    page P of a PDF."""

    zh = "文件 {file} {where_zh}：{reason_zh}"
    en = "{file}, {where_en}: {reason_en}"

    def __init__(self, *, file: str, line: int | None, page: int | None = None, **detail: Any) -> None:
        if page and file.lower().endswith((".xlsx", ".xlsm", ".xls")):
            where_zh, where_en = f"第 {page} 个工作表第 {line} 行", f"sheet {page}, row {line}"
        elif page:
            where_zh, where_en = f"第 {page} 页", f"page {page}"
        else:
            where_zh, where_en = f"第 {line} 行", f"line {line}"
        super().__init__(file=file, line=line, page=page, where_zh=where_zh, where_en=where_en, **detail)


class NotFound(BudgetQAError):
    status = 404
    zh = "{what_zh}不存在：{name}。{hint_zh}"
    en = "No such {what_en}: {name}. {hint_en}"


class AmbiguousDocument(BudgetQAError):
    status = 409
    zh = "库中有多个文件，请用 --doc 指定其一：{choices}"
    en = "Several documents are stored; pick one with --doc: {choices}"


class SQLRefused(BudgetQAError):
    zh = "只允许只读查询（SELECT）：{reason_zh}"
    en = "Only read-only queries (SELECT) are allowed: {reason_en}"


class SQLFailed(BudgetQAError):
    zh = "查询失败：{reason}"
    en = "Query failed: {reason}"


class StoreBusy(BudgetQAError):
    status = 503
    zh = ("数据库 {path} 正被另一个程序使用，请稍后再试。若问答界面（budget-qa ui）或 HTTP API（budget-qa serve）"
          "正在使用这个数据目录，请在界面的“文件”页上传文件，或先停止它们再导入。")
    en = ("The database {path} is in use by another process; try again shortly. If the staff chat (budget-qa ui) "
          "or the HTTP API (budget-qa serve) runs on this data dir, upload in the chat's 文件 page, or stop them first.")


class BackendMissing(BudgetQAError):
    status = 500
    zh = "后端 {name} 需要安装额外的包：{hint}"
    en = "Backend {name} needs an extra install: {hint}"


class UnknownBackend(BudgetQAError):
    """A backend name no registry knows; the detail keeps ``name``, ``choices`` and ``suggestion``."""

    status = 500
    zh = "未知的{what_zh}后端：{name}。{hint_zh}"
    en = "Unknown {what_en} backend: {name}. {hint_en}"


# ---------------------------------------------------------------- the HTTP API's edge (assistant/api.py)

class QuestionTooLong(BudgetQAError):
    status = 422
    zh = "问题太长：{length} 个字符，最多 {limit} 个。请缩短后再问。"
    en = "The question is too long: {length} characters, at most {limit}. Please shorten it."


class BodyTooLarge(BudgetQAError):
    status = 413
    zh = "请求体太大：最多 {limit} 字节。"
    en = "The request body is too large: at most {limit} bytes."


class TooManyRequests(BudgetQAError):
    status = 429
    zh = "请求过于频繁：每分钟最多 {limit} 次，请 {retry_after} 秒后再试。"
    en = "Too many requests: at most {limit} a minute. Try again in {retry_after} s."


class InvalidJson(BudgetQAError):
    status = 400
    zh = "请求体不是有效的 JSON：{reason}。"
    en = "The request body is not valid JSON: {reason}."


class InvalidRequest(BudgetQAError):
    status = 422
    zh = "请求内容不符合要求：{where_zh}{reason_zh}。接口说明见 /docs。"
    en = "Invalid request: {where_en}{reason_en}. See /docs."


class RouteNotFound(BudgetQAError):
    status = 404
    zh = "没有这个接口：{path}。接口说明见 /docs。"
    en = "No such endpoint: {path}. See /docs."


class MethodNotAllowed(BudgetQAError):
    status = 405
    zh = "接口 {path} 不接受 {method} 请求。"
    en = "{path} does not accept {method}."


class HTTPError(BudgetQAError):
    zh = "请求无法完成（HTTP {status}）。"
    en = "The request could not be completed (HTTP {status}): {reason}."


class InternalError(BudgetQAError):
    status = 500
    zh = "内部错误（编号 {reference}），详情已记入服务日志。"
    en = "Internal error (reference {reference}); the details are in the server log."
