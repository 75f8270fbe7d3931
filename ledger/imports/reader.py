"""Reading an uploaded workbook safely: every bad file becomes a Chinese message, never a 500.

The first sheet is read in openpyxl's read-only mode (streaming, whatever the
sheet's declared size): the header row 1 names the columns, data starts on
row 2. Empty rows are skipped; a long run of empty rows ends the data (a
sheet "formatted" down to row 100 000 stops at its last filled row).
"""

import datetime as dt
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_RUN_ENDS_DATA = 1000


class BadFile(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    required: bool = False
    note: str = ""
    width: int = 16


@dataclass
class RowError:
    row: int  # Excel row number; 0 = the file as a whole
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class SheetRows:
    rows: list  # [(excel_row_number, {header: value})]
    errors: list = field(default_factory=list)  # cell-level problems found while reading (formulas)


def _sniff(head: bytes) -> None:
    if head.startswith(OLE_MAGIC):
        raise BadFile(
            "文件设有打开密码（已加密），或是旧版 .xls 格式：请在 Excel 中取消密码，并“另存为”.xlsx 格式后再上传。"
        )
    if head.startswith(b"%PDF"):
        raise BadFile("这不是 Excel 文件（看起来是 PDF），请上传 .xlsx 格式的 Excel 文件。")
    if not head.startswith(ZIP_MAGIC):
        raise BadFile("这不是有效的 .xlsx 文件（可能已损坏或只是改了扩展名），请用 Excel 打开后另存为 .xlsx 再上传。")


def _cell_value(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_rows(upload, columns: list[ColumnSpec]) -> SheetRows:
    """Header check and data rows of the first sheet of ``upload`` (a file object with ``name``)."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise BadFile("请上传 .xlsx 格式的 Excel 文件（.xls、.csv、.et 请先在 Excel/WPS 中另存为 .xlsx）。")
    upload.seek(0)
    head = upload.read(8)
    if not head:
        raise BadFile("上传的文件是空的。")
    _sniff(head)
    upload.seek(0)
    try:
        wb = load_workbook(upload, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, EOFError):
        raise BadFile("文件已损坏，无法读取：请用 Excel 打开确认无误后另存为 .xlsx 再上传。") from None
    except Exception:  # any parser failure on a hostile file means "cannot read"
        raise BadFile("文件无法读取（格式不正确或已损坏），请使用下载的模板填写后再上传。") from None
    try:
        return _read_sheet(wb, columns)
    finally:
        wb.close()


def _read_sheet(wb, columns: list[ColumnSpec]) -> SheetRows:
    if not wb.worksheets:
        raise BadFile("工作簿中没有工作表。")
    ws = wb.worksheets[0]
    rows = ws.iter_rows()
    try:
        header_cells = next(rows)
    except StopIteration:
        raise BadFile("工作表是空的：第1行应为表头，第2行起为数据。请使用下载的模板。") from None
    except Exception:  # a hostile file may break the parser anywhere
        raise BadFile("文件已损坏，无法读取表头。") from None
    headers = [_cell_value(getattr(c, "value", None)) for c in header_cells]
    while headers and headers[-1] is None:
        headers.pop()
    known = {c.header for c in columns}
    headers = [h.rstrip("*＊").strip() if isinstance(h, str) else h for h in headers]
    if not any(h in known for h in headers):
        raise BadFile(
            "第1行没有找到模板的表头（如“" + "”“".join(c.header for c in columns[:3]) + "”）。请使用下载的模板，"
            "表头必须在第1行。"
        )
    if None in headers:
        gap = headers.index(None) + 1
        raise BadFile(f"表头第{gap}列是空的：表头不能使用合并单元格或留空，请使用模板中的表头（第1行每列一个列名）。")
    duplicates = sorted({h for h in headers if headers.count(h) > 1})
    if duplicates:
        raise BadFile(f"表头中有重复的列：{'、'.join(map(str, duplicates))}。")
    missing = [c.header for c in columns if c.required and c.header not in headers]
    if missing:
        raise BadFile(f"缺少必填列：{'、'.join(missing)}。请使用下载的模板。")

    result = SheetRows(rows=[])
    empty_run = 0
    limit = settings.IMPORT_MAX_ROWS
    try:
        for cells in rows:
            values = {}
            row_number = None
            for header, cell in zip(headers, cells, strict=False):
                if row_number is None and hasattr(cell, "row"):
                    row_number = cell.row
                value = _cell_value(getattr(cell, "value", None))
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                    result.errors.append(
                        RowError(row_number or 0, header, "单元格是公式，请复制后“粘贴为数值”再导入。")
                    )
                    value = None
                if header in known:
                    values[header] = value
            if row_number is None or all(v is None for v in values.values()):
                empty_run += 1
                if empty_run >= EMPTY_RUN_ENDS_DATA:
                    break
                continue
            empty_run = 0
            result.rows.append((row_number, values))
            if len(result.rows) > limit:
                raise BadFile(f"数据超过 {limit} 行，请分批导入（每批不超过 {limit} 行）。")
    except BadFile:
        raise
    except Exception:  # a hostile file may break the parser anywhere
        raise BadFile("文件已损坏，读取数据行时出错。") from None
    if not result.rows and not result.errors:
        raise BadFile("文件中没有数据行：请从第2行起填写数据。")
    return result


# -- value parsing shared by the importers ------------------------------------------


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value).strip()


def as_int(value):
    """A non-negative whole number, or raise ValueError with a message."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("应为整数")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError("应为整数")
        number = int(value)
    else:
        text = str(value).strip().replace(",", "")
        if not text.isdigit():
            raise ValueError("应为整数")
        number = int(text)
    if number < 0:
        raise ValueError("不能为负数")
    return number


DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


def as_datetime(value):
    """A naive local datetime from a date cell or text, or raise ValueError."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min)
    text = as_text(value)
    for fmt in DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError("日期时间格式不正确，应为如 2026-08-03 09:30")
