"""Hostile workbooks, written part by part in a stream (a 200 MB cell never sits in memory here).

Used by tests/ledger/test_import_bombs.py (small sizes, limits lowered) and by
benchmarks/import_bombs.py (the review's sizes, real limits).
"""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
CHUNK = 1024 * 1024


def _column(n):
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def _inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _skeleton(zf, shared_strings='<sst xmlns="' + MAIN + '" count="0" uniqueCount="0"/>'):
    zf.writestr("[Content_Types].xml", CONTENT_TYPES)
    zf.writestr("_rels/.rels", ROOT_RELS)
    zf.writestr("xl/workbook.xml", WORKBOOK)
    zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
    if shared_strings is not None:
        zf.writestr("xl/sharedStrings.xml", shared_strings)


def huge_cell(headers, row, *, column, chars) -> bytes:
    """A one-row workbook whose ``column`` holds ``chars`` letters (an inline string, streamed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        _skeleton(zf)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode())
            cells = "".join(_inline(f"{_column(i)}1", h) for i, h in enumerate(headers, 1))
            sheet.write(f'<row r="1">{cells}</row><row r="2">'.encode())
            for i, value in enumerate(row, 1):
                ref = f"{_column(i)}2"
                if i - 1 == column:
                    sheet.write(f'<c r="{ref}" t="inlineStr"><is><t>'.encode())
                    left = chars
                    block = b"A" * CHUNK
                    while left > 0:
                        sheet.write(block[: min(left, CHUNK)])
                        left -= CHUNK
                    sheet.write(b"</t></is></c>")
                elif value is not None:
                    sheet.write(_inline(ref, value).encode())
            sheet.write(b"</row></sheetData></worksheet>")
    return out.getvalue()


def many_shared_strings(headers, *, count) -> bytes:
    """A workbook whose header comes from a shared-string table of ``count`` short strings (streamed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        _skeleton(zf, shared_strings=None)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as sst:
            sst.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{count}">'.encode())
            sst.write("".join(f"<si><t>{h}</t></si>" for h in headers).encode())
            block = b"<si><t>x</t></si>" * 4096
            left = count - len(headers)
            while left > 0:
                n = min(left, 4096)
                sst.write(block if n == 4096 else b"<si><t>x</t></si>" * n)
                left -= n
            sst.write(b"</sst>")
        cells = "".join(f'<c r="{_column(i)}1" t="s"><v>{i - 1}</v></c>' for i in range(1, len(headers) + 1))
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
            f'<row r="1">{cells}</row></sheetData></worksheet>',
        )
    return out.getvalue()


def wide_header(columns) -> bytes:
    """A workbook whose header row has ``columns`` filled cells."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        _skeleton(zf)
        cells = "".join(_inline(f"{_column(i)}1", f"列{i}") for i in range(1, columns + 1))
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
            f'<row r="1">{cells}</row></sheetData></worksheet>',
        )
    return out.getvalue()
