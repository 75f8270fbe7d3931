"""Dispute tickets of team A and team B, and helpers for the mediation tests."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mediation.imports import COLUMNS
from tests.factories import IssueFactory

HEADERS = [c.header for c in COLUMNS]
WORKER = {"worker_name": "欧阳秀英", "worker_phone": "13987654321"}


@pytest.fixture
def dispute(world):
    """Team A's wage dispute, recorded and handled by cadre A."""
    return IssueFactory(
        assignment=world.assignment_a,
        created_by=world.cadre_a,
        handler=world.cadre_a,
        category="wages",
        title="快递站拖欠两个月工资",
        hotline_number="12345-0801",
        source="12345",
        **WORKER,
    )


@pytest.fixture
def dispute_b(world):
    """Team B's labour dispute."""
    return IssueFactory(
        assignment=world.assignment_b,
        created_by=world.cadre_b,
        handler=world.cadre_b,
        category="dispute",
        title="物流公司解除合同争议",
        worker_name="李四",
    )


def hand(issue, user, number="YH-2026-0001", day=dt.date(2026, 8, 5), **kwargs):
    from mediation import services

    return services.hand_over(issue.pk, user, case_number=number, handed_over_on=day, **kwargs)


def case_list_xlsx(rows, name="言和案件清单.xlsx"):
    """A workbook of the 言和 platform's case list: each row a {header: value} dict."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
