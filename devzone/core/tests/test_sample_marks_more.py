"""Issue 13: the home page's zone cards mark a count made of sample records
(enterprises, those above designated size, chains, employees) and a zone's
invented details, in one aggregate for all the cards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from devzone.core.models import Enterprise, IndustryChain, Zone

pytestmark = pytest.mark.django_db

MARK = 'data-testid="sample-mark"'


def _item(page: str, title: str) -> str:
    with translation.override("zh-hans"):
        title = gettext(title)
    start = page.index(f'<div class="datagrid-title">{title}</div>')
    return page[start : page.index("</div></div>", start)]


def _home(client, world) -> str:
    client.force_login(world.users["zone_admin"])
    return client.get("/").content.decode()


def test_the_zone_cards_counts_are_plain_when_no_record_counted_is_a_sample(client, world):
    Enterprise.objects.filter(pk=world.ent_a.pk).update(scale="above", employees=120)
    page = _home(client, world)
    for title in ("Enterprises", "Above designated size", "Industry chains", "Employees"):
        assert MARK not in _item(page, title)
    assert MARK not in _item(page, "24-hour hotline")


def test_the_zone_cards_mark_counts_of_sample_records(client, world):
    Enterprise.objects.filter(pk=world.ent_a.pk).update(
        is_sample=True, scale="above", employees=120
    )
    IndustryChain.objects.filter(pk=world.chain_a.pk).update(is_sample=True)
    page = _home(client, world)
    for title in ("Enterprises", "Above designated size", "Industry chains", "Employees"):
        assert MARK in _item(page, title), title


def test_a_stated_enterprises_invented_head_count_and_scale_mark_just_those_counts(client, world):
    Enterprise.objects.filter(pk=world.ent_a.pk).update(
        scale="above", employees=120, sample_fields=["credit_code", "employees", "scale"]
    )
    page = _home(client, world)
    assert MARK in _item(page, "Employees") and MARK in _item(page, "Above designated size")
    assert MARK not in _item(page, "Enterprises") and MARK not in _item(page, "Industry chains")


def test_a_zones_invented_hotline_is_marked_and_a_sample_zone_once(client, world):
    Zone.objects.filter(pk=world.zone_a.pk).update(
        hotline="0352-1234567", sample_fields=["hotline"]
    )
    page = _home(client, world)
    assert MARK in _item(page, "24-hour hotline")
    assert MARK not in _item(page, "Leading industries")
    Zone.objects.filter(pk=world.zone_a.pk).update(is_sample=True, sample_fields=[])
    page = _home(client, world)
    title = page[page.index(f"{world.zone_a.name}</a>") :]
    assert MARK in title[: title.index("</h3>")]


def test_the_marks_cost_no_query_per_card(client, world):
    client.force_login(world.users["zone_staff"])  # two zones
    client.get("/")
    with CaptureQueriesContext(connection) as two:
        client.get("/")
    Enterprise.objects.create(zone=world.zone_a2, name="丙企业", is_sample=True, employees=9)
    with CaptureQueriesContext(connection) as more:
        client.get("/")
    assert len(more) == len(two)
