"""User administration cannot escalate: roles × target users × actions, and
the sessions and API tokens a password or role change ends.

A zone admin administers the users whose every zone is its own. A user who
also works in a zone it does not administer is shared: the admin may change
only that user's membership of its own zones. Platform admins, django-admin
users and region viewers are out of its reach (404, as any record outside a
user's scope)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from devzone.core.models import ApiToken, User
from devzone.core.scoping import Role
from devzone.core.services import api_token_create
from devzone.testing import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-Long-unusual-pass-77"  # noqa: S105


@pytest.fixture
def people(world):
    def user(name, role, zones=(), **kw):
        u = User.objects.create_user(name, f"{name}@example.org", PASSWORD, role=role, **kw)
        u.zones.set(zones)
        return u

    return {
        "own_staff": user("own_staff", Role.ZONE_STAFF, [world.zone_a]),
        "own_admin": user("own_admin", Role.ZONE_ADMIN, [world.zone_a]),
        # zone A (the admin's) and zone A2 (not the admin's)
        "shared_staff": world.users["zone_staff"],
        "enterprise": world.users["enterprise"],
        "platform_admin": world.users["platform_admin"],
        "region_viewer": world.users["province_viewer"],
        "backoffice": user("backoffice", Role.ZONE_STAFF, [world.zone_a], is_staff=True),
        "outsider_admin": world.users["outsider"],
    }


def _snapshot(user):
    user.refresh_from_db()
    return (
        user.password,
        user.role,
        user.is_active,
        user.first_name,
        user.email,
        frozenset(user.zones.values_list("pk", flat=True)),
    )


def _form_data(world, actor_role, target, **changes):
    """What the edit page would post: the target as it is, with ``changes``."""
    own = set(world.users[actor_role].zones.values_list("pk", flat=True))
    zones = [
        z
        for z in target.zones.values_list("pk", flat=True)
        if actor_role == "platform_admin" or z in own
    ]
    data = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "phone": target.phone,
        "role": target.role,
        "zones": zones,
        "enterprise": target.enterprise_id or "",
        "is_active": "on",
    }
    if actor_role == "platform_admin":
        data["region"] = target.region_id or ""
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


ACTIONS = {
    # name: (changes to the posted form, check that the change was made)
    "set_password": ({"password": NEW_PASSWORD}, lambda u: u.check_password(NEW_PASSWORD)),
    "change_role": ({"role": Role.ZONE_ADMIN}, lambda u: u.role == Role.ZONE_ADMIN),
    "deactivate": ({"is_active": None}, lambda u: not u.is_active),
    "rename": (
        {"first_name": "改名", "email": "renamed@example.org"},
        lambda u: u.first_name == "改名" and u.email == "renamed@example.org",
    ),
}

# (actor, target) → expected status of every action: 302 (done), 200 (refused
# on the form, nothing changed), 403 (not a user admin), 404 (out of reach).
EDIT_MATRIX = {
    ("zone_admin", "own_staff"): 302,
    ("zone_admin", "own_admin"): 302,
    ("zone_admin", "enterprise"): 302,
    ("zone_admin", "shared_staff"): 200,
    ("zone_admin", "platform_admin"): 404,
    ("zone_admin", "region_viewer"): 404,
    ("zone_admin", "backoffice"): 404,
    ("zone_admin", "outsider_admin"): 404,
    ("outsider", "own_staff"): 404,
    ("outsider", "shared_staff"): 404,
    ("outsider", "enterprise"): 404,
    ("platform_admin", "own_staff"): 302,
    ("platform_admin", "shared_staff"): 302,
    ("platform_admin", "region_viewer"): 302,
    ("zone_staff", "own_staff"): 403,
    ("province_viewer", "own_staff"): 403,
    ("enterprise", "own_staff"): 403,
    ("anonymous", "own_staff"): 302,  # to the login page
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("actor,target", sorted(EDIT_MATRIX))
def test_edit_matrix(world, people, actor, target, action):
    person = people[target]
    changes, done = ACTIONS[action]
    if action == "change_role" and person.role == Role.ZONE_ADMIN:
        changes = {"role": Role.ZONE_STAFF}
        done = lambda u: u.role == Role.ZONE_STAFF  # noqa: E731
    if action == "change_role" and target in ("enterprise", "region_viewer"):
        own_zone = world.zone_a.pk
        changes = {**changes, "zones": [own_zone], "enterprise": "", "region": ""}
    data = _form_data(world, actor if actor != "anonymous" else "zone_admin", person, **changes)
    before = _snapshot(person)
    response = world.client(actor).post(reverse("core:user_edit", args=[person.pk]), data)
    expected = EDIT_MATRIX[(actor, target)]
    assert response.status_code == expected, (actor, target, action, response.content[:2000])
    person.refresh_from_db()
    if expected == 302 and actor != "anonymous":
        assert done(person), (actor, target, action)
    else:
        assert _snapshot(person) == before, (actor, target, action)
    if expected == 302 and actor == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "actor,listed,hidden",
    [
        (
            "zone_admin",
            {"own_staff", "own_admin", "shared_staff", "enterprise"},
            {"platform_admin", "region_viewer", "backoffice", "outsider_admin"},
        ),
        (
            "outsider",
            {"outsider_admin"},
            {"own_staff", "own_admin", "shared_staff", "enterprise", "backoffice"},
        ),
        ("platform_admin", {"own_staff", "shared_staff", "region_viewer", "backoffice"}, set()),
    ],
)
def test_list_detail_and_edit_page_by_reach(world, people, actor, listed, hidden):
    client = world.client(actor)
    body = client.get(reverse("core:user_list") + "?q=").content.decode()
    for name in listed:
        assert f"/users/{people[name].pk}/" in body, name
        assert client.get(reverse("core:user_detail", args=[people[name].pk])).status_code == 200
        assert client.get(reverse("core:user_edit", args=[people[name].pk])).status_code == 200
    for name in hidden:
        assert f"/users/{people[name].pk}/" not in body, name
        assert client.get(reverse("core:user_detail", args=[people[name].pk])).status_code == 404
        assert client.get(reverse("core:user_edit", args=[people[name].pk])).status_code == 404


@pytest.mark.parametrize("actor", ["zone_staff", "province_viewer", "enterprise"])
def test_others_are_not_user_admins(world, people, actor):
    client = world.client(actor)
    assert client.get(reverse("core:user_list")).status_code == 403
    assert client.get(reverse("core:user_detail", args=[people["own_staff"].pk])).status_code == 403
    assert client.get(reverse("core:user_add")).status_code == 403


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.REGION_VIEWER])
def test_zone_admin_cannot_grant_a_role_above_its_own(world, people, role):
    target = people["own_staff"]
    before = _snapshot(target)
    data = _form_data(world, "zone_admin", target, role=role, region=world.province.pk)
    response = world.client("zone_admin").post(reverse("core:user_edit", args=[target.pk]), data)
    assert response.status_code == 200
    assert _snapshot(target) == before
    target.refresh_from_db()
    assert not (target.is_superuser or target.is_staff)


def test_the_probe_a_shared_user_is_not_taken_over(world, people):
    """广灵's admin sets a password and zone_admin on staff of 广灵 and 垣曲."""
    staff = people["shared_staff"]
    _token, key = api_token_create(user=staff, name="统计上报")
    data = _form_data(world, "zone_admin", staff, password=NEW_PASSWORD, role=Role.ZONE_ADMIN)
    response = world.client("zone_admin").post(reverse("core:user_edit", args=[staff.pk]), data)
    assert response.status_code == 200
    assert "你无权管理的开发区" in response.content.decode()
    staff.refresh_from_db()
    assert staff.role == Role.ZONE_STAFF and staff.check_password(PASSWORD)
    assert set(staff.zones.all()) == {world.zone_a, world.zone_a2}
    # Its token still reads, and still may not do an admin's writes in zone A2.
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"/api/v1/zones/{world.zone_a2.pk}/").status_code == 200
    patch = api.patch(f"/api/v1/zones/{world.zone_a2.pk}/", {"hotline": "12345"}, format="json")
    assert patch.status_code == 403
    world.zone_a2.refresh_from_db()
    assert world.zone_a2.hotline == ""


def test_a_shared_users_membership_of_the_admins_zones_may_change(world, people):
    staff = people["shared_staff"]
    other = Client()
    other.force_login(staff)
    _token, key = api_token_create(user=staff, name="统计上报")
    page = world.client("zone_admin").get(reverse("core:user_edit", args=[staff.pk]))
    form = page.context["form"]
    assert form.membership_only and list(form.fields) == ["zones"]
    assert 'data-testid="membership-only"' in page.content.decode()
    # The page posts only the zones: none of the admin's.
    response = world.client("zone_admin").post(reverse("core:user_edit", args=[staff.pk]), {})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert set(staff.zones.all()) == {world.zone_a2}  # the other zone is kept
    assert staff.role == Role.ZONE_STAFF and staff.is_active
    # A change of membership ends neither sessions nor tokens.
    assert other.get(reverse("core:account")).status_code == 200
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/zones/").status_code == 200
    # Now outside the admin's zones altogether: out of its reach.
    assert (
        world.client("zone_admin").get(reverse("core:user_edit", args=[staff.pk])).status_code
        == 404
    )


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "action,revokes",
    [
        ("set_password", True),
        ("change_role", True),
        ("deactivate", True),
        ("rename", False),
    ],
)
def test_password_role_or_deactivation_ends_sessions_and_tokens(world, people, action, revokes):
    target = people["own_staff"]
    session = _signed_in(target)
    _token, key = api_token_create(user=target, name="统计上报")
    changes, _done = ACTIONS[action]
    data = _form_data(world, "zone_admin", target, **changes)
    response = world.client("zone_admin").post(reverse("core:user_edit", args=[target.pk]), data)
    assert response.status_code == 302
    if revokes:
        assert session.get(reverse("core:account")).status_code == 302  # to the login page
        assert not ApiToken.objects.filter(user=target).exists()
        api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
        assert api.get("/api/v1/zones/").status_code == 401
    else:
        assert session.get(reverse("core:account")).status_code == 200
        assert ApiToken.objects.filter(user=target).count() == 1


def test_an_admin_changing_its_own_password_keeps_this_session_only(world, people):
    admin = world.users["zone_admin"]
    this, elsewhere = _signed_in(admin), _signed_in(admin)
    api_token_create(user=admin, name="脚本")
    data = _form_data(world, "zone_admin", admin, password=NEW_PASSWORD)
    assert this.post(reverse("core:user_edit", args=[admin.pk]), data).status_code == 302
    assert this.get(reverse("core:account")).status_code == 200
    assert elsewhere.get(reverse("core:account")).status_code == 302
    assert not ApiToken.objects.filter(user=admin).exists()


def test_changing_ones_own_password_revokes_tokens_and_other_sessions(world):
    staff = world.users["zone_staff"]
    this, elsewhere = _signed_in(staff), _signed_in(staff)
    _token, key = api_token_create(user=staff, name="脚本")
    response = this.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert this.get(reverse("core:account")).status_code == 200
    assert elsewhere.get(reverse("core:account")).status_code == 302
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/zones/").status_code == 401


def test_django_admin_password_and_role_changes_revoke_tokens(world):
    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    staff = world.users["zone_staff"]
    session = _signed_in(staff)
    api_token_create(user=staff, name="脚本")
    admin = _signed_in(root)
    url = f"/django-admin/core/user/{staff.pk}/password/"
    response = admin.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=staff).exists()
    assert session.get(reverse("core:account")).status_code == 302
    # The session that made the change goes on.
    assert admin.get("/django-admin/").status_code == 200


def test_django_admin_role_change_revokes_tokens_and_sessions(world):
    from types import SimpleNamespace

    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    root = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    staff = world.users["zone_staff"]
    session = _signed_in(staff)
    api_token_create(user=staff, name="脚本")
    request = RequestFactory().post("/django-admin/core/user/")
    request.user = root
    staff.role = Role.ZONE_ADMIN
    site._registry[User].save_model(request, staff, SimpleNamespace(changed_data=["role"]), True)
    staff.refresh_from_db()
    assert staff.role == Role.ZONE_ADMIN
    assert not ApiToken.objects.filter(user=staff).exists()
    assert session.get(reverse("core:account")).status_code == 302
    # A change of name alone ends nothing.
    other = _signed_in(staff)
    staff.first_name = "新名"
    site._registry[User].save_model(
        request, staff, SimpleNamespace(changed_data=["first_name"]), True
    )
    assert other.get(reverse("core:account")).status_code == 200
