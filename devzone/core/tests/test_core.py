"""Core behaviour: validators, edit conflicts, history, notifications, logins,
zone switching, query counts, the API schema, demo data and security headers."""

import subprocess
import sys
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from devzone.core.demo import sample_credit_code
from devzone.core.masking import mask_personal
from devzone.core.models import Enterprise, LoginEvent, Notification, User, Zone
from devzone.core.scoping import Role
from devzone.core.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_character,
    is_valid_credit_code,
)
from devzone.testing import PASSWORD

# --- Unified social credit code -------------------------------------------------------

body17 = st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17)


@given(body17)
def test_a_code_with_its_check_character_is_valid(body):
    assert is_valid_credit_code(body + credit_code_check_character(body))


@given(body17, st.integers(min_value=0, max_value=16), st.sampled_from(CREDIT_CODE_ALPHABET))
def test_changing_one_character_is_detected(body, position, replacement):
    code = body + credit_code_check_character(body)
    changed = code[:position] + replacement + code[position + 1 :]
    assert is_valid_credit_code(changed) == (changed == code)


def test_known_real_code_shape():
    # GB 32100-2015's worked example.
    assert is_valid_credit_code("91350100M000100Y43")
    assert not is_valid_credit_code("91350100M000100Y44")
    assert not is_valid_credit_code("91350100M000100Y4")  # 17 characters
    assert not is_valid_credit_code("91350100I000100Y43")  # I is not in the alphabet


@given(st.text(alphabet="0123456789", min_size=5, max_size=20))
def test_masking_hides_the_middle_and_keeps_the_length(phone):
    masked = mask_personal(phone)
    assert len(masked) == len(phone)
    assert masked != phone or len(set(phone)) == 1 and phone[0] == "*"


# --- Edit conflicts ------------------------------------------------------------------------


@pytest.mark.django_db
def test_later_save_is_refused_with_what_changed(world):
    from devzone.core.resources import get_resource

    EnterpriseForm = get_resource("core:enterprises").form_class

    url = reverse("core:enterprise_edit", args=[world.ent_a.pk])
    first, second = world.client("zone_admin"), world.client("zone_staff")
    form = EnterpriseForm(instance=world.ent_a, user=world.users["zone_admin"])
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data["is_sample"] = ""
    assert first.post(url, {**data, "name": "甲企业A"}).status_code == 302
    response = second.post(url, {**data, "employees": 99})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="conflict"' in body and "甲企业A" in body
    assert 'value="99"' in body  # what the second user typed is kept
    world.ent_a.refresh_from_db()
    assert world.ent_a.name == "甲企业A" and world.ent_a.employees == 0
    # Saving again, now knowing the change, goes through.
    version = world.ent_a.version
    assert (
        second.post(
            url, {**data, "name": "甲企业A", "employees": 99, "version": version}
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_api_if_match(world):
    client = APIClient()
    client.force_authenticate(world.users["zone_admin"])
    url = f"/api/v1/enterprises/{world.ent_a.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"employees": 5}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = client.patch(url, {"employees": 6}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert any(c["field"] == "employees" for c in stale.json()["changes"])
    world.ent_a.refresh_from_db()
    assert world.ent_a.employees == 5
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412


@pytest.mark.django_db
def test_api_validation_names_the_field_and_changes_nothing(world):
    client = APIClient()
    client.force_authenticate(world.users["zone_admin"])
    response = client.post(
        "/api/v1/enterprises/",
        {"zone": world.zone_a.pk, "credit_code": "123", "name": "x", "industry_code": "C18"},
        format="json",
    )
    assert response.status_code == 400 and "credit_code" in response.json()
    response = client.post(
        "/api/v1/chain-members/",
        {"chain": world.chain_a.pk, "enterprise": world.ent_b.pk, "role": "core"},
        format="json",
    )
    assert response.status_code == 400 and "enterprise" in response.json()
    assert Enterprise.objects.count() == 2


# --- History -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_shows_who_what_before_after_and_reason(world):
    from devzone.core.services import record_save

    world.ent_a.employees = 321
    record_save(instance=world.ent_a, user=world.users["zone_staff"], reason="年报更新")
    page = world.client("zone_admin").get(reverse("core:enterprise_history", args=[world.ent_a.pk]))
    body = page.content.decode()
    assert "zstaff" in body and "年报更新" in body and "321" in body and "<del>0</del>" in body


@pytest.mark.django_db
def test_scope_is_rechecked_on_save(world):
    """A zone user cannot move a record into a zone they don't have."""
    from django.core.exceptions import PermissionDenied

    from devzone.core.services import record_save

    world.ent_a.zone = world.zone_b
    with pytest.raises(PermissionDenied):
        record_save(instance=world.ent_a, user=world.users["zone_staff"])
    world.ent_a.refresh_from_db()
    assert world.ent_a.zone == world.zone_a


# --- Users, roles, notifications ---------------------------------------------------------------


@pytest.mark.django_db
def test_role_change_notifies_in_app_and_by_mail(world, django_capture_on_commit_callbacks):
    client = world.client("zone_admin")
    # A user of the admin's zone only: one shared with another zone keeps its
    # role (test_user_admin.py).
    staff = User.objects.create_user(
        "own_staff", "own_staff@example.org", PASSWORD, role=Role.ZONE_STAFF
    )
    staff.zones.set([world.zone_a])
    data = {
        "username": staff.username,
        "email": staff.email,
        "role": Role.ZONE_ADMIN,
        "zones": [world.zone_a.pk],
        "is_active": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:user_edit", args=[staff.pk]), data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.ZONE_ADMIN
    assert set(staff.zones.all()) == {world.zone_a}
    note = Notification.objects.get(user=staff)
    assert "角色" in note.title or "roles" in note.title
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [staff.email]
    page = Client()
    page.force_login(staff)
    assert 'class="badge bg-red badge-pill">1<' in page.get("/").content.decode()


@pytest.mark.django_db
def test_notify_each_writes_once_and_mails_after_commit(
    world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from devzone.core.services import notify_each

    admin, staff, ent = (world.users[r] for r in ("zone_admin", "zone_staff", "enterprise"))
    ent.is_active = False
    ent.email = "ent@example.org"
    messages = [
        (admin, "甲", "一", "/a/"),
        (staff, "乙", "二", "/b/"),
        (ent, "丙", "三", "/c/"),  # inactive: told nothing
        (admin, "丁", "", ""),
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        with django_assert_num_queries(1):
            notify_each(messages)
        assert not mail.outbox  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert sorted(Notification.objects.values_list("user__username", "title")) == sorted(
        [(admin.username, "甲"), (staff.username, "乙"), (admin.username, "丁")]
    )
    sent = [(m.to, m.subject, m.body) for m in mail.outbox]
    assert sent == [
        ([admin.email], "[DevZone] 甲", "一\n\n/a/"),
        ([staff.email], "[DevZone] 乙", "二\n\n/b/"),
        ([admin.email], "[DevZone] 丁", ""),
    ]


@pytest.mark.django_db
def test_zone_admin_cannot_grant_other_zones_or_platform_admin(world):
    client = world.client("zone_admin")
    data = {
        "username": "newbie",
        "role": Role.ZONE_STAFF,
        "zones": [world.zone_b.pk],
        "is_active": "on",
    }
    response = client.post(reverse("core:user_add"), data)
    assert response.status_code == 200 and not User.objects.filter(username="newbie").exists()
    data = {"username": "newbie", "role": Role.PLATFORM_ADMIN, "is_active": "on"}
    assert client.post(reverse("core:user_add"), data).status_code == 200
    assert not User.objects.filter(username="newbie").exists()
    data = {
        "username": "newbie",
        "role": Role.ZONE_STAFF,
        "zones": [world.zone_a.pk],
        "is_active": "on",
        "password": "a-Long-unusual-pass-77",
    }
    assert client.post(reverse("core:user_add"), data).status_code == 302
    assert User.objects.get(username="newbie").check_password("a-Long-unusual-pass-77")


@pytest.mark.django_db
def test_switching_zone_narrows_lists(world):
    client = world.client("zone_staff")
    other = Enterprise.objects.create(
        zone=world.zone_a2,
        credit_code=sample_credit_code("140200", 5),
        name="丙企业",
        industry_code="C18",
    )
    assert "丙企业" in client.get(reverse("core:enterprise_list")).content.decode()
    client.post(reverse("core:switch_zone"), {"zone": world.zone_a.pk})
    body = client.get(reverse("core:enterprise_list")).content.decode()
    assert "甲企业" in body and other.name not in body
    assert client.post(reverse("core:switch_zone"), {"zone": world.zone_b.pk}).status_code == 403
    client.post(reverse("core:switch_zone"), {"zone": ""})
    assert "丙企业" in client.get(reverse("core:enterprise_list")).content.decode()


# --- Logins ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_logins_recorded_and_failures_throttled(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = world.client("anonymous")
    for _ in range(3):
        assert (
            client.post(reverse("login"), {"username": "zadmin", "password": "wrong"}).status_code
            == 200
        )
    assert LoginEvent.objects.filter(username="zadmin", succeeded=False).count() == 3
    response = client.post(reverse("login"), {"username": "zadmin", "password": PASSWORD})
    assert response.status_code == 200  # refused although the password is right
    assert "_auth_user_id" not in client.session
    other = world.client("anonymous")
    assert (
        other.post(reverse("login"), {"username": "zstaff", "password": PASSWORD}).status_code
        == 302
    )
    assert LoginEvent.objects.filter(username="zstaff", succeeded=True).exists()


# --- Query counts ----------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "core:enterprise_list",
        "core:zone_list",
        "core:chain_list",
        "core:chainmember_list",
        "core:region_list",
    ],
)
def test_list_query_count_does_not_grow_with_rows(world, url_name):
    from devzone.core.models import ChainMember, IndustryChain, Zone

    client = world.client("platform_admin")
    url = reverse(url_name)
    before = _queries(client, url)
    for i in range(30):
        zone = Zone.objects.create(
            name=f"新区{i}",
            short_name=f"新{i}",
            zone_type="economic",
            level="provincial",
            category="industrial",
            region=world.city_a,
        )
        ent = Enterprise.objects.create(
            zone=zone,
            credit_code=sample_credit_code("140200", 500 + i),
            name=f"企业{i}",
            industry_code="C18",
        )
        chain = IndustryChain.objects.create(zone=zone, name=f"链{i}", leader=ent)
        ChainMember.objects.create(chain=chain, enterprise=ent, role="leader")
    assert _queries(client, url) == before


@pytest.mark.django_db
def test_enterprise_list_queries(world, django_assert_num_queries):
    client = world.client("zone_staff")
    client.get("/")  # warm the session
    # session, user, the user's zones (scope), count, page rows with zones, zones in the filter form,
    # unread notifications, switchable zones
    with django_assert_num_queries(8):
        client.get(reverse("core:enterprise_list"))


# --- API schema, demo data, security ------------------------------------------------------------


def test_openapi_schema_validates():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    from django.core.management import call_command

    from devzone.core.models import Region, Zone

    call_command("load_demo", verbosity=0)
    counts = (
        Zone.objects.count(),
        Enterprise.objects.count(),
        Region.objects.count(),
        User.objects.count(),
    )
    history = Enterprise.history.count()
    call_command("load_demo", verbosity=0)
    assert (
        Zone.objects.count(),
        Enterprise.objects.count(),
        Region.objects.count(),
        User.objects.count(),
    ) == counts
    assert Enterprise.history.count() == history
    assert Zone.objects.filter(is_sample=False).count() == 5
    assert Region.objects.filter(code__startswith="14", level="city").count() == 11
    names = set(Zone.objects.filter(is_sample=False).values_list("name", flat=True))
    assert names == {
        "晋城经济技术开发区",
        "广灵经济技术开发区",
        "垣曲经济技术开发区",
        "平顺生态文化旅游示范区",
        "忻州经济开发区",
    }
    assert Zone.objects.get(name="广灵经济技术开发区").region.code == "140223"
    yuanqu = set(
        Enterprise.objects.filter(zone__name="垣曲经济技术开发区").values_list("name", flat=True)
    )
    assert {
        "舜天服饰",
        "隆胜服饰",
        "鼎乐纺织品",
        "正胜制衣",
        "永静服饰",
        "雅之美穿戴甲",
        "苏器电子",
    } <= yuanqu
    assert all(
        is_valid_credit_code(c) for c in Enterprise.objects.values_list("credit_code", flat=True)
    )
    # Invented codes are marked: a sample firm as a whole, a firm the seed
    # names by its sample details (issue 13: the seed's own names are stated).
    assert all(e.is_sample_detail("credit_code") for e in Enterprise.objects.all()), (
        "an invented credit code without the sample mark"
    )
    assert set(Enterprise.objects.filter(is_sample=False).values_list("name", flat=True)) >= {
        "舜天服饰",
        "苏器电子",
    }


@pytest.mark.django_db
def test_security_headers_and_csrf(world):
    response = world.client("zone_admin").get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["zone_admin"])
    assert strict.post(reverse("core:token_create"), {"name": "x"}).status_code == 403


def test_check_deploy_is_clean_in_production_settings():
    env = {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-production-key-for-check",
        "ALLOWED_HOSTS": "devzone.example",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_api_tokens_created_used_and_revoked(world):
    client = world.client("zone_admin")
    client.post(reverse("core:token_create"), {"name": "统计上报"})
    key = client.get(reverse("core:account")).context["new_key"]
    api = APIClient()
    assert api.get("/api/v1/zones/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    token = world.users["zone_admin"].api_tokens.get()
    assert token.key_hash != key  # only a hash is stored
    client.post(reverse("core:token_revoke", args=[token.pk]))
    assert api.get("/api/v1/zones/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


@pytest.mark.django_db
def test_filters_offer_all_for_an_empty_choice(world):
    import django_filters

    from devzone.core.forms import say_all_in_filters

    class Filters(django_filters.FilterSet):
        zone = django_filters.ModelChoiceFilter(queryset=Zone.objects.all())
        scale = django_filters.ChoiceFilter(choices=Enterprise.Scale.choices)
        active = django_filters.BooleanFilter(field_name="zone", lookup_expr="isnull")

    form = Filters({}, queryset=Enterprise.objects.all()).form
    say_all_in_filters(form)
    for name in ("zone", "scale", "active"):
        html = str(form[name])
        assert "全部" in html and "---------" not in html and "未知" not in html, name
    # "All" still means no filter, and yes/no still filter.
    assert Filters({"active": "unknown"}, queryset=Enterprise.objects.all()).qs.count() == 2
    assert not Filters({"active": "true"}, queryset=Enterprise.objects.all()).qs.exists()

    page = world.client("zone_staff").get(reverse("core:enterprise_list")).content.decode()
    assert "---------" not in page and "全部" in page


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("1200000000.00"), "1,200,000,000.00"),
        (Decimal("-25000"), "-25,000"),
        (Decimal("9999.5"), "9999.5"),
        (2024, "2024"),  # a year, not an amount
        (None, "—"),
        ("", "—"),
    ],
)
def test_display_groups_large_amounts_only(value, shown):
    from django.utils.translation import override

    from devzone.core.templatetags.core_tags import display

    with override("zh-hans"):
        assert str(display(value)) == shown
