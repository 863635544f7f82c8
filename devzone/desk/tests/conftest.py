"""The desk's test world: the national catalogue, a department of zone A,
requests of zone A (an enterprise's, the public's, a complaint about an
official) and one of zone B."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from devzone.desk.catalogue import load_catalogue
from devzone.desk.models import Category, Department, ServiceRequest
from devzone.testing import world_fixtures

PHONE = "13912345678"


def make_request(zone, category, title, **values):
    values.setdefault("description", f"{title}：请尽快处理。")
    values.setdefault("contact_phone", PHONE)
    request = ServiceRequest(zone=zone, category=category, title=title, **values)
    request.save()
    return request


def _build_dw(world):
    load_catalogue()
    w = world
    w.cat = {c.code: c for c in Category.objects.filter(zone=None)}
    w.department = Department.objects.create(
        zone=w.zone_a, name="企业服务部", head=w.users["zone_staff"]
    )
    w.req_ent = make_request(
        w.zone_a, w.cat["utilities"], "厂区停水", enterprise=w.ent_a, contact_name="甲企业张经理"
    )
    w.req_public = make_request(w.zone_a, w.cat["employment"], "招工难", contact_name="李先生")
    w.complaint = make_request(
        w.zone_a,
        w.cat["complaint_bribery"],
        "某科室索要好处费",
        description="办理施工许可时被暗示需要请客送礼。",
    )
    w.req_b = make_request(w.zone_b, w.cat["policy"], "乙区政策咨询", enterprise=w.ent_b)
    return w


dw_once, dw = world_fixtures(_build_dw, name="dw")


def api(world, role) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world.users[role])
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Failed tracking attempts are counted in the cache: none carry over."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
