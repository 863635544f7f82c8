"""Issue 13, item 3: the summary's totals the seed states (晋城: 51家, 12亿元,
33.51亿元) carry the seed's sentence; totals and chart points made of sample
records say 示例, on the page and in the API."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from devzone.core.demo import load_core_demo
from devzone.core.models import User, Zone
from devzone.incentives import demo, selectors
from devzone.incentives.models import Disbursement

pytestmark = pytest.mark.django_db

SENTENCE = "近年来为51家企业兑现优惠政策资金12亿元，帮助企业融资33.51亿元"


@pytest.fixture
def loaded():
    load_core_demo()
    demo.load()
    return Zone.objects.get(name="晋城经济技术开发区")


def _user():
    return User.objects.get(username="jincheng")


def test_the_stated_totals_carry_the_seeds_sentence(loaded):
    data = selectors.summary(_user(), zone_id=loaded.pk)
    assert SENTENCE in data.total.source_note and "科学导报" in data.total.source_note
    assert data.total.rows_sample and not data.total.is_sample
    assert SENTENCE in data.zones[0].total.source_note
    # No year's totals are stated: made of sample records, they are samples.
    assert data.by_year and all(t.is_sample and not t.source_note for _y, t in data.by_year)


def test_a_years_totals_are_samples(loaded):
    data = selectors.summary(_user(), zone_id=loaded.pk, year=2022)
    assert data.total.is_sample and not data.total.source_note


def test_totals_that_differ_from_the_seed_are_samples(loaded):
    Disbursement.objects.filter(application__policy__zone=loaded).first().delete()
    data = selectors.summary(_user(), zone_id=loaded.pk)
    assert data.total.is_sample and not data.total.source_note


def test_the_page_shows_the_source_and_the_charts_sample_points(loaded):
    client = Client()
    client.force_login(_user())
    body = client.get(f"/incentives/summary/?zone={loaded.pk}").content.decode()
    assert SENTENCE in body
    assert 'data-testid="source-mark"' in body
    assert 'data-testid="sample-mark"' in body  # the years' rows, enterprises financed
    response = client.get(f"/incentives/summary/?zone={loaded.pk}")
    chart = response.context["chart_disbursed"]
    assert chart["samples"] and all(chart["samples"])
    assert len(chart["samples"]) == len(chart["categories"]) == len(chart["sources"])
    assert json.dumps(chart)  # json_script-able


def test_the_api_carries_the_sample_flag_and_the_source(loaded):
    api = APIClient()
    api.force_authenticate(_user())
    data = api.get(f"/api/v1/incentives/summary/?zone={loaded.pk}").json()
    assert data["total"]["figure_is_sample"] is False
    assert SENTENCE in data["total"]["source_note"]
    assert all(row["figure_is_sample"] for row in data["by_year"])
    assert data["zones"][0]["years"][0]["figure_is_sample"] is True
