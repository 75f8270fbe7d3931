"""Reading an uploaded workbook safely: every bad file becomes a Chinese message, never a 500.

The first sheet is read in openpyxl's read-only mode (streaming, whatever the
sheet's declared size): the header row 1 names the columns, data starts on
row 2. Empty rows are skipped; a long run of empty rows ends the data (a
sheet "formatted" down to row 100 000 stops at its last filled row).

Resource limits come first, before openpyxl parses anything (``check_archive``):
a .xlsx is a zip, and 200 KB of zip can hold a 200 MB cell or ten million
shared strings. The zip's directory gives every member's uncompressed size
(Python's zipfile stops at the declared size, so it cannot lie), so the members
count, each member's and the total uncompressed size are refused from the
directory alone; then the shared-string table is streamed once, counting its
strings and measuring each, and refused at the first one over a limit. While
reading rows, a cell longer than ``IMPORT_MAX_CELL_CHARS`` or holding control
characters (NUL …) is a row error, the header may have at most
``IMPORT_MAX_COLUMNS`` columns and data rows are cut to the header's width.
Numbers and dates go through ``dundian.bounds``. Benchmark: docs/benchmarks.md.
"""

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from dundian.bounds import EARLIEST_DATE, bounded_date, bounded_int, control_characters

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


SHARED_STRINGS = "xl/sharedStrings.xml"
_SI = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}si"


def check_archive(upload) -> None:
    """Refuse a workbook whose parsing would cost more than the limits allow, before parsing it."""
    limits = settings.IMPORT_LIMITS
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise BadFile("文件已损坏，无法读取：请用 Excel 打开确认无误后另存为 .xlsx 再上传。") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits["members"]:
            raise BadFile(f"文件结构异常（包含 {len(members)} 个部件），无法导入。请使用下载的模板。")
        too_big = [m for m in members if m.file_size > limits["member_bytes"]]
        total = sum(m.file_size for m in members)
        if too_big or total > limits["total_bytes"]:
            mb = limits["total_bytes"] // (1024 * 1024)
            raise BadFile(
                f"文件解压后过大（超过 {mb} MB，可能含有超长单元格或大量隐藏内容），请只保留需要导入的数据后分批上传。"
            )
        if SHARED_STRINGS in archive.namelist():
            _check_shared_strings(archive, limits)
    upload.seek(0)


def _check_shared_strings(archive, limits) -> None:
    count = 0
    try:
        with archive.open(SHARED_STRINGS) as stream:
            for _, element in etree.iterparse(
                stream, events=("end",), tag=_SI, resolve_entities=False, huge_tree=False
            ):
                count += 1
                if count > limits["shared_strings"]:
                    raise BadFile(f"文件中的文字条目过多（超过 {limits['shared_strings']} 条），请分批导入。")
                length = sum(len(t) for t in element.itertext())
                if length > limits["cell_chars"] * 4:
                    raise BadFile(
                        f"文件中有超长的单元格（{length} 字），单元格最多 {limits['cell_chars']} 字，请删减后再上传。"
                    )
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except BadFile:
        raise
    except Exception:  # a hostile file may break the parser anywhere
        raise BadFile("文件已损坏，无法读取其中的文字内容。") from None


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
    check_archive(upload)
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
    if len(headers) > settings.IMPORT_LIMITS["columns"]:
        raise BadFile(f"表头超过 {settings.IMPORT_LIMITS['columns']} 列，请使用下载的模板。")
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
    max_chars = settings.IMPORT_LIMITS["cell_chars"]
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
                elif isinstance(value, str) and (problem := _text_problem(value, max_chars)):
                    result.errors.append(RowError(row_number or 0, header, problem))
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


# Excel's escape for a character XML cannot hold (ECMA-376 ST_Xstring): _x0000_ is NUL, _x001B_ is ESC.
ESCAPED_CONTROL = re.compile(r"_x00[01][0-9A-Fa-f]_")


def _text_problem(value: str, max_chars: int) -> str:
    if len(value) > max_chars:
        return f"内容过长（{len(value)} 字），最多 {max_chars} 字。"
    if control_characters(value) or ESCAPED_CONTROL.search(value):
        return "含有不可见的控制字符（如 NUL），请删除后再导入。"
    return ""


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
    """A non-negative whole number within ``dundian.bounds.INT_MAX``, or raise ValueError with a message."""
    if value is None or value == "":
        return None
    try:
        return bounded_int(value, label="")
    except ValidationError as exc:
        raise ValueError("应为整数" if exc.code == "not_int" else exc.messages[0].rstrip("。")) from None


DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


def as_datetime(value):
    """A naive local datetime from a date cell or text within ``dundian.bounds``' years, or raise ValueError."""
    if isinstance(value, dt.datetime):
        parsed = value.replace(tzinfo=None)
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time.min)
    else:
        parsed = None
        text = as_text(value)
        for fmt in DATETIME_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            raise ValueError("日期时间格式不正确，应为如 2026-08-03 09:30")
    try:
        bounded_date(parsed)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return parsed


def as_received_at(value):
    """An aware datetime of something that already happened: from 2000 up to now, or raise ValueError."""
    parsed = timezone.make_aware(as_datetime(value))
    try:
        bounded_date(parsed, earliest=EARLIEST_DATE, latest=timezone.localdate(), label="受理时间")
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    if parsed > timezone.now() + dt.timedelta(minutes=5):
        raise ValueError("受理时间不能晚于当前时间。")
    return parsed
