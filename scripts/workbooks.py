"""Workbooks written by the fixture scripts, byte for byte the same each time they are regenerated."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path


def save_workbook(book, path: Path, when: datetime) -> None:
    """Save an openpyxl workbook with its created/modified stamps and every archive entry's time set to
    ``when`` (openpyxl stamps "modified" with the clock; the zip entries carry the clock too)."""
    book.properties.created = when
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = when.isoformat().encode() + b"Z"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
                data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
