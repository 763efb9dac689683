"""Bytes of a text file → str: UTF-8 (with or without BOM) or GB18030/GBK, binary refused."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import IngestError

_ENCODINGS = ("utf-8-sig", "gb18030")


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(file=path.name, reason_zh="文件为空。", reason_en="the file is empty.")
    if b"\x00" in data[:4096]:
        raise IngestError(file=path.name,
                          reason_zh="这不是文本文件（含二进制内容），请提供导出的表格文本、CSV、Excel 或 PDF。",
                          reason_en="this is not a text file (binary content); give exported table text, CSV, Excel or PDF.")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise IngestError(file=path.name,
                      reason_zh="无法识别文件编码（既不是 UTF-8 也不是 GBK/GB18030）。",
                      reason_en="unknown text encoding (neither UTF-8 nor GBK/GB18030).")
