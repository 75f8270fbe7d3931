"""Reading exported workbooks back."""

import io

import openpyxl

from ledger.exports import write_ledger
from ledger.scope import LedgerFilters, resolve


def export_to(path, user, **filters):
    scope = resolve(user, LedgerFilters(**filters))
    write_ledger(scope, path)
    return openpyxl.load_workbook(path)


def load(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def data_rows(ws):
    """Rows below the title and header rows that carry a 序号 (the data, without the 合计 row)."""
    return [r for r in ws.iter_rows(min_row=3) if r[0].value is not None]


def column(ws, header):
    headers = [c.value for c in ws[2]]
    i = headers.index(header)
    return [r[i] for r in data_rows(ws)]
