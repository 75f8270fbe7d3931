"""Issue 12 finding 2: import bombs are refused before parsing, by size and count, and nothing is written.

The limits (``settings.IMPORT_LIMITS``) are lowered here so the hostile files
stay small; benchmarks/import_bombs.py runs the review's sizes against the
real limits and measures time and memory (docs/benchmarks.md).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Enterprise
from ledger.models import ImportRecord
from tests.ledger import bombs
from tests.ledger.test_imports import ENTERPRISE_HEADERS, _bad, enterprise, upload, xlsx


@pytest.fixture
def small_limits(settings):
    settings.IMPORT_LIMITS = {
        **settings.IMPORT_LIMITS,
        "total_bytes": 2 * 1024 * 1024,
        "member_bytes": 2 * 1024 * 1024,
        "shared_strings": 1000,
        "cell_chars": 500,
    }
    return settings.IMPORT_LIMITS


def test_a_cell_that_unpacks_past_the_size_limit_is_refused_from_the_zip_directory(client, world, small_limits):
    # ~3 MB of one letter compress to a few kB: the review's 209 KB file held a 200 MB cell.
    data = bombs.huge_cell(ENTERPRISE_HEADERS, enterprise(), column=12, chars=3 * 1024 * 1024)
    assert len(data) < 50_000
    text = _bad(client, world, SimpleUploadedFile("炸弹.xlsx", data))
    assert "文件解压后过大" in text
    assert ImportRecord.objects.get().outcome == "rejected"


def test_too_many_shared_strings_are_refused(client, world, small_limits):
    data = bombs.many_shared_strings(ENTERPRISE_HEADERS, count=5000)
    assert "文字条目过多（超过 1000 条）" in _bad(client, world, SimpleUploadedFile("炸弹.xlsx", data))


def test_a_shared_string_far_past_the_cell_limit_is_refused(client, world, small_limits):
    headers = [*ENTERPRISE_HEADERS[:-1], "备" * 5000]
    assert "超长的单元格" in _bad(
        client, world, SimpleUploadedFile("长.xlsx", bombs.many_shared_strings(headers, count=20))
    )


def test_a_long_cell_within_the_size_limit_is_a_row_error_and_nothing_is_written(client, world, small_limits):
    text = _bad(client, world, xlsx([enterprise(备注="长" * 501)]))
    assert "内容过长（501 字），最多 500 字" in text


def test_a_header_wider_than_the_column_limit_is_refused(client, world):
    assert "表头超过 50 列" in _bad(client, world, SimpleUploadedFile("宽.xlsx", bombs.wide_header(60)))


def test_too_many_zip_members_are_refused(client, world, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "members": 3}
    assert "文件结构异常" in _bad(client, world, xlsx([enterprise()]))


def test_too_many_rows_are_refused(client, world, settings):
    settings.IMPORT_MAX_ROWS = 3
    text = _bad(client, world, xlsx([enterprise(name=f"企业{i}") for i in range(5)]))
    assert "数据超过 3 行" in text


def test_a_workbook_within_every_limit_still_imports(client, world, small_limits):
    upload(client, world.office_staff, "enterprises", xlsx([enterprise(备注="长" * 500)]))
    assert Enterprise.objects.get().notes == "长" * 500
