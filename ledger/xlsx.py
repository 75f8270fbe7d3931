"""A streaming, print-ready xlsx writer for ledgers (openpyxl write-only mode).

A sheet is a title, a list of columns and a generator of rows (pretix's
ListExporter pattern): rows go to disk as they come, so memory stays flat
however many there are. Write-only worksheets write their column widths and
frozen panes at the top of the sheet XML, i.e. on the first ``append``; so
the writer reads a small sample of rows first, sizes the columns from it and
only then starts appending. Auto-filter, merged title and print setup are
written at the end and may be set after the rows.
"""

import contextlib
import datetime as dt
import itertools
import os
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

MAX_WIDTH = 50
MIN_WIDTH = 6
SAMPLE_ROWS = 200
EXCEL_MAX_TEXT = 32767
FORMULA_STARTS = ("=", "+", "-", "@")

DATE_FORMAT = "yyyy-mm-dd"

_thin = Side(style="thin", color="999999")
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
HEADER_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Bottom-aligned like every unstyled cell, so a row reads level when one cell wraps.
WRAP_ALIGN = Alignment(wrap_text=True)
TOTAL_FONT = Font(bold=True)


def clean_text(value) -> str:
    """User text as Excel can hold it: no illegal control characters, at most 32 767 characters."""
    value = value if isinstance(value, str) else str(value)
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value[:EXCEL_MAX_TEXT]


def text_cell(ws, value) -> WriteOnlyCell:
    """A write-only cell that is text whatever it starts with (never a formula or an error value)."""
    cell = WriteOnlyCell(ws, clean_text(value))
    cell.data_type = "s"
    return cell


def set_text(cell, value) -> None:
    """Put user text into a cell of an ordinary (not write-only) workbook as text, never a formula."""
    cell.value = clean_text(value)
    cell.data_type = "s"


def list_formula(choices) -> str:
    """A drop-down list's formula from names: a name holding a quote or comma would break the list (or,
    with a quote, end the string and start a formula), so it is left out; Excel caps the text at 255."""
    kept, length = [], 2
    for choice in choices:
        text = clean_text(choice)
        if not text or '"' in text or "," in text or length + len(text) + 1 > 255:
            continue
        kept.append(text)
        length += len(text) + 1
    return '"' + ",".join(kept) + '"'


def text_width(value) -> int:
    """Display width of a value: East Asian wide and full-width characters count 2."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        longest = max(longest, w)
    return longest


def _rough_width(text: str) -> int:
    """Display width, fast: non-ASCII characters (mostly CJK, 3 UTF-8 bytes) count 2."""
    extra = len(text.encode("utf-8")) - len(text)
    return len(text) + extra // 2


@dataclass(frozen=True)
class Column:
    header: str
    # "text" (user text: safe from formulas), "long" (user text, wrapped when long),
    # "int", "date", "datetime" (dates are written as they are: real Excel dates).
    kind: str = "text"
    min_width: int = 0


@dataclass
class Sheet:
    name: str
    title: str
    subtitle: str
    columns: list[Column]
    rows: Iterable[list]
    # Counted rows, for progress (None: unknown).
    expected_rows: int | None = None
    # Rows after the data (a 合计 row), written in bold and outside the filter range.
    footer_rows: Callable[[], Iterable[list]] | None = None
    widths: list[int] = field(default_factory=list)


class LedgerWriter:
    """Writes sheets into one write-only workbook; ``save`` writes it atomically."""

    def __init__(self, on_rows: Callable[[int], None] | None = None, progress_every: float = 1.0):
        self.wb = Workbook(write_only=True)
        self.rows_written = 0
        self._on_rows = on_rows
        self._progress_every = progress_every
        self._last_report = time.monotonic()

    # -- cells --------------------------------------------------------------
    #
    # One converter per column, chosen once per sheet. Wrapped text goes through
    # one pooled cell per column whose style is set once:
    # openpyxl writes a cell the moment it is yielded, so reusing the object on
    # the next row is safe, and it spares a new styled cell per value.

    @staticmethod
    def _safe_text(ws, value: str, wrap: bool):
        # Never a formula or an error value: Excel would evaluate "=HYPERLINK(…)".
        cell = WriteOnlyCell(ws, value)
        cell.data_type = "s"
        if wrap:
            cell.alignment = WRAP_ALIGN
        return cell

    def _converter(self, ws, column: Column, width: int):
        kind = column.kind
        if kind in ("text", "long"):
            wrapped = None
            if kind == "long":
                wrapped = WriteOnlyCell(ws)
                wrapped.alignment = WRAP_ALIGN
            safe_text = self._safe_text

            def text(value):
                if value is None or value == "":
                    return None
                if type(value) is not str:
                    value = str(value)
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                wrap = wrapped is not None and (len(value) > width or "\n" in value or _rough_width(value) > width)
                if value[0] in FORMULA_STARTS or value in ERROR_CODES:
                    return safe_text(ws, value[:EXCEL_MAX_TEXT], wrap)
                if wrap:
                    wrapped.value = value
                    return wrapped
                return value

            return text
        # Dates and datetimes as they are: openpyxl gives them a date format itself
        # (yyyy-mm-dd, yyyy-mm-dd h:mm:ss), and a cell object per value would cost more.
        return None  # numbers: as they are

    # -- sheets -------------------------------------------------------------
    def add_sheet(self, sheet: Sheet) -> int:
        ws = self.wb.create_sheet(title=sheet.name[:31])
        ncols = len(sheet.columns)
        last_col = get_column_letter(ncols)
        rows = iter(sheet.rows)
        sample = list(itertools.islice(rows, SAMPLE_ROWS))

        widths = []
        for i, col in enumerate(sheet.columns):
            w = max([text_width(col.header), col.min_width] + [text_width(r[i]) for r in sample])
            widths.append(max(MIN_WIDTH, min(MAX_WIDTH, w + 2)))
        sheet.widths = widths

        # Before the first append: these are written at the top of the sheet.
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "A3"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.print_title_rows = "1:2"
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"

        # The title holds the campaign's and teams' names: user text, so text whatever it starts with.
        title = text_cell(ws, sheet.title + ("　" + sheet.subtitle if sheet.subtitle else ""))
        title.font = TITLE_FONT
        ws.append([title])
        ws.merged_cells.add(f"A1:{last_col}1")
        headers = []
        for col in sheet.columns:
            cell = WriteOnlyCell(ws, col.header)
            cell.data_type = "s"
            cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, HEADER_ALIGN
            headers.append(cell)
        ws.append(headers)

        count = 0
        converters = [self._converter(ws, c, w) for c, w in zip(sheet.columns, widths, strict=True)]
        for row in itertools.chain(sample, rows):
            ws.append([v if f is None else f(v) for f, v in zip(converters, row, strict=True)])
            count += 1
            self._tick()
        last_row = 2 + count
        ws.auto_filter.ref = f"A2:{last_col}{last_row}"

        if sheet.footer_rows:
            for row in sheet.footer_rows():
                cells = []
                for col, value in zip(sheet.columns, row, strict=True):
                    cell = text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value)
                    cell.font = TOTAL_FONT
                    if col.kind == "date" and isinstance(value, dt.date):
                        cell.number_format = DATE_FORMAT
                    cells.append(cell)
                ws.append(cells)
        return count

    def _tick(self):
        self.rows_written += 1
        if self._on_rows is not None:
            now = time.monotonic()
            if now - self._last_report >= self._progress_every:
                self._last_report = now
                self._on_rows(self.rows_written)

    def save(self, path) -> None:
        """Write to a temporary name beside ``path`` and rename: no half file is ever visible."""
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".xlsx", dir=directory)
        os.close(fd)
        try:
            self.wb.save(tmp)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.remove(tmp)
            self.discard()
            raise

    def discard(self) -> None:
        """Finish the sheets of a workbook that will not be saved.

        openpyxl streams each write-only sheet through an open generator; left
        alone after a failure, it raises inside the garbage collector.
        """
        for ws in self.wb.worksheets:
            if not ws.closed:
                with contextlib.suppress(Exception):
                    ws.close()
