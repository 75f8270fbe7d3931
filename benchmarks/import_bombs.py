"""Benchmark (not a test): what the review's bombs cost now that they are refused (issue 12, findings 2 and 6).

    .venv/bin/python benchmarks/import_bombs.py [--write]

Builds the hostile files of the review (streamed, tests/ledger/bombs.py) and
hands each to the real code path in a fresh subprocess, so the peak memory
(``ru_maxrss``) is that process's own:

- **huge cell**: a workbook of ~200 KB whose one cell unpacks to 200 MB →
  ``ledger.imports.reader.read_rows`` (refused from the zip directory);
- **shared strings**: 10 million shared strings in ~0.4 MB → ``read_rows``
  (refused from the uncompressed size), and 1 million (17 MB unpacked, under
  the size limit: refused by streaming the table, at the first string past
  ``IMPORT_MAX_SHARED_STRINGS``);
- **1-bit PNG**: twelve 7000×5700 px 1-bit PNGs in one post →
  ``visits.forms.PhotosField.clean`` (refused from the header);
- **baseline**: a valid 5 000-row enterprise workbook → ``read_rows`` (for scale).

Prints a Markdown table (appended to docs/benchmarks.md with ``--write``).
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import io, json, os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dundian.settings")
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from ledger.imports.enterprises import COLUMNS
from ledger.imports.reader import BadFile, read_rows
from visits.forms import PhotosField

kind, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
outcome = "accepted"
try:
    if kind == "photos":
        PhotosField().clean([SimpleUploadedFile(f"p{{i}}.png", data) for i in range(12)])
    else:
        rows = read_rows(SimpleUploadedFile("bomb.xlsx", data), COLUMNS)
        outcome = f"accepted ({{len(rows.rows)}} rows)"
except (BadFile, ValidationError) as exc:
    outcome = "refused: " + (str(exc) if isinstance(exc, BadFile) else exc.messages[0])
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mb": peak / 1024, "extra_mb": (peak - base) / 1024, "outcome": outcome}}))
"""


def build(folder: Path) -> dict:
    import io

    import openpyxl
    from PIL import Image

    from tests.ledger import bombs

    headers = [
        "企业名称", "统一社会信用代码", "所属单位", "地址", "行业", "联系人", "联系电话",
        "职工人数", "工会会员数", "建会状态", "新业态企业", "八大群体", "备注",
    ]  # fmt: skip
    files = {}
    row = ["某公司", "91110000802100433B", "西红门镇"] + [None] * 10
    files["huge cell (200 MB in one cell)"] = (
        "xlsx",
        bombs.huge_cell(headers, row, column=12, chars=200 * 1024 * 1024),
    )
    files["shared strings (10 000 000)"] = ("xlsx", bombs.many_shared_strings(headers, count=10_000_000))
    files["shared strings (1 000 000, under the size limit)"] = (
        "xlsx",
        bombs.many_shared_strings(headers, count=1_000_000),
    )
    png = io.BytesIO()
    Image.new("1", (7000, 5700), 0).save(png, format="PNG", optimize=True)
    files["12 × 1-bit PNG 7000×5700 in one post"] = ("photos", png.getvalue())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for i in range(5000):
        ws.append([f"企业{i}", "91110000802100433B", "西红门镇", "地址" * 10, "物流", "张三", "13812345678", 100, 10])
    buffer = io.BytesIO()
    wb.save(buffer)
    files["baseline: valid 5 000-row workbook"] = ("xlsx", buffer.getvalue())
    paths = {}
    for name, (kind, data) in files.items():
        path = folder / f"{len(paths)}.bin"
        path.write_bytes(data)
        paths[name] = (kind, path, len(data))
    return paths


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="append the table to docs/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = build(Path(folder))
        lines = [
            "| file | size | time | peak memory (process) | of which the parsing | outcome |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for name, (kind, path, size) in files.items():
            done = subprocess.run(
                [sys.executable, "-c", CHILD.format(root=str(ROOT)), kind, str(path)],
                capture_output=True,
                text=True,
                check=True,
                timeout=600,
            )
            r = json.loads(done.stdout.strip().splitlines()[-1])
            size_text = f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
            lines.append(
                f"| {name} | {size_text} | {r['seconds']:.2f} s | {r['peak_mb']:.0f} MB | +{r['extra_mb']:.0f} MB "
                f"| {r['outcome'][:90]} |"
            )
    table = "\n".join(lines)
    print(table)
    if args.write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as out:
            out.write("\n" + table + "\n")


if __name__ == "__main__":
    main()
