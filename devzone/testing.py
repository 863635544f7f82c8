"""Test fixtures shared by every app: a small world of two cities, three zones,
their enterprises and one user per role, plus an outsider zone's user."""

from __future__ import annotations

import copy
import inspect
import os
from dataclasses import dataclass, field
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test import Client

from devzone.core.demo import sample_credit_code
from devzone.core.models import ChainMember, Enterprise, IndustryChain, Region, User, Zone
from devzone.core.scoping import Role, forget_scope

PASSWORD = "test-pass-1234"  # noqa: S105


def if_match(obj) -> dict:
    """The If-Match header an API update or delete of ``obj`` must send: its
    stored version (the API answers 428 without it, 412 if stale)."""
    return {"HTTP_IF_MATCH": f'"{type(obj)._default_manager.get(pk=obj.pk).version}"'}


@dataclass
class World:
    province: Region
    city_a: Region
    city_b: Region
    zone_a: Zone  # in city A: the "own" zone of the zone users
    zone_a2: Zone  # also in city A
    zone_b: Zone  # in city B: the outsider's zone
    ent_a: Enterprise
    ent_b: Enterprise
    chain_a: IndustryChain
    users: dict[str, User]
    # A signed-in session of each user, made with the world (see ``sign_in``).
    sessions: dict[str, str] = field(default_factory=dict)

    def client(self, role: str, **options) -> Client:
        client = Client(**options)
        if role != "anonymous":
            key = self.sessions.get(role)
            if key is None:
                client.force_login(self.users[role])
            else:
                client.cookies[settings.SESSION_COOKIE_NAME] = key
        return client


def sign_in(user: User) -> str:
    """The key of a new session signed in as ``user``: what ``Client.force_login``
    stores, made once with the world instead of once per test (a test's writes
    to it, a logout included, are rolled back with the test). Logging in itself,
    with its login record, is tested through the login page."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


ROLES = [
    "anonymous",
    "platform_admin",
    "province_viewer",
    "city_b_viewer",
    "zone_admin",
    "zone_staff",
    "enterprise",
    "outsider",
]


def make_world() -> World:
    province = Region.objects.create(code="140000", name="山西省", level="province")
    city_a = Region.objects.create(code="140200", name="大同市", level="city", parent=province)
    city_b = Region.objects.create(code="140500", name="晋城市", level="city", parent=province)
    county_a = Region.objects.create(code="140223", name="广灵县", level="county", parent=city_a)
    zone_a = Zone.objects.create(
        name="广灵经济技术开发区",
        short_name="广灵经开区",
        zone_type="etdz",
        level="provincial",
        category="industrial",
        region=county_a,
    )
    zone_a2 = Zone.objects.create(
        name="大同示例开发区",
        short_name="大同示例",
        zone_type="economic",
        level="provincial",
        category="industrial",
        region=city_a,
    )
    zone_b = Zone.objects.create(
        name="晋城经济技术开发区",
        short_name="晋城经开区",
        zone_type="etdz",
        level="national",
        category="industrial",
        region=city_b,
    )
    ent_a = Enterprise.objects.create(
        zone=zone_a,
        credit_code=sample_credit_code("140223", 1),
        name="甲企业",
        industry_code="C3216",
        contact_phone="13812345678",
    )
    ent_b = Enterprise.objects.create(
        zone=zone_b,
        credit_code=sample_credit_code("140500", 2),
        name="乙企业",
        industry_code="C39",
        contact_phone="13987654321",
    )
    chain_a = IndustryChain.objects.create(zone=zone_a, name="再生金属产业链", leader=ent_a)
    ChainMember.objects.create(chain=chain_a, enterprise=ent_a, role="leader")

    def user(name, role, **kw):
        zones = kw.pop("zones", [])
        u = User.objects.create_user(
            username=name, password=PASSWORD, role=role, email=f"{name}@example.org", **kw
        )
        u.zones.set(zones)
        return u

    users = {
        "platform_admin": user("admin", Role.PLATFORM_ADMIN),
        "province_viewer": user("province", Role.REGION_VIEWER, region=province),
        "city_b_viewer": user("cityb", Role.REGION_VIEWER, region=city_b),
        "zone_admin": user("zadmin", Role.ZONE_ADMIN, zones=[zone_a]),
        "zone_staff": user("zstaff", Role.ZONE_STAFF, zones=[zone_a, zone_a2]),
        "enterprise": user("ent", Role.ENTERPRISE, enterprise=ent_a),
        "outsider": user("outsider", Role.ZONE_ADMIN, zones=[zone_b]),
    }
    sessions = {role: sign_in(u) for role, u in users.items()}
    return World(
        province, city_a, city_b, zone_a, zone_a2, zone_b, ent_a, ent_b, chain_a, users, sessions
    )


def fresh_copy(world: World) -> World:
    """A test's own copy of a world built once for many tests: the same rows,
    new Python objects, no user scope remembered from an earlier test."""
    copied = copy.deepcopy(world)
    for user in copied.users.values():
        forget_scope(user)
    return copied


def build_once(world_once: World | None, django_db_blocker, build):
    """For a module-scoped fixture that adds an app's rows to the module's
    world: ``build(world)`` runs once, inside the module's transaction (None in
    a transactional module, whose tests build their own)."""
    if world_once is None:
        return None
    with django_db_blocker.unblock():
        return build(world_once)


def world_fixtures(build, *, name: str, on: str = "world", each_test=None):
    """The fixtures ``<name>_once`` and ``<name>`` for the rows an app's tests
    add to the world (or to another such fixture, ``on``): ``build(world)``
    runs once per module, inside the module's transaction (``build_once``), and
    each test gets what it returned on the test's own copy of the world (a
    value that is not the world itself is copied, its references to the world
    pointing to the test's). In a transactional module, where nothing outlives
    a test, ``build`` runs for each test. ``each_test(value)`` does for every
    test what cannot outlive one (a file in the test's media folder).

        _pw_once, pw = world_fixtures(_build_pw, name="pw")
    """
    once_name = f"{name}_once"

    @pytest.fixture(scope="module", name=once_name)
    def once(request, django_db_blocker):
        return build_once(request.getfixturevalue(f"{on}_once"), django_db_blocker, build)

    def each(request, **fixtures):
        base, built = fixtures[on], fixtures[once_name]
        world_once = request.getfixturevalue("world_once")
        if built is None:
            value = build(base)
        elif built is world_once:
            value = base  # the test's copy of the world was made with the rows
        else:
            value = copy.deepcopy(built, {id(world_once): base})
        if each_test is not None:
            each_test(value)
        return value

    # Named, not looked up, so that pytest sets the module's rows up before it
    # copies the world for the test.
    each.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter(on, inspect.Parameter.KEYWORD_ONLY),
            inspect.Parameter(once_name, inspect.Parameter.KEYWORD_ONLY),
        ]
    )
    return once, pytest.fixture(name=name)(each)


class DemoDatabase:
    """The whole demo (``load_demo``), loaded once per test process into a
    database of its own beside the test database, which stays as the world's
    tests expect it. A module that reads the demo switches the connection to
    it for its duration (the ``demo_database`` fixture) inside a transaction
    rolled back at its end, so the demo stays as loaded for the next such
    module. Loading the demo took a dozen modules a dozen seconds each."""

    def __init__(self, media_root):
        from django.db import connection

        self.connection = connection
        self.media_root = media_root
        self.main = connection.settings_dict["NAME"]
        self.sqlite = connection.vendor == "sqlite"
        self._raw: dict[str, object] = {}
        self._holder = None
        self.outer = None
        if self.sqlite:
            self.name = (
                f"file:devzone_demo_{os.getpid()}?mode=memory&cache=shared"
                if connection.is_in_memory_db()
                else f"{self.main}.demo"
            )
        else:
            self.name = f"{self.main}_demo"

    def build(self) -> None:
        from django.core.management import call_command
        from django.db import connections
        from django.test import override_settings

        conn = self.connection
        if self.sqlite:
            import sqlite3

            conn.ensure_connection()
            self._raw[self.main] = conn.connection
            # Keeps an in-memory demo alive between switches; copies the migrated,
            # preloaded test database into it.
            self._holder = sqlite3.connect(self.name, uri=True)
            conn.connection.backup(self._holder)
            conn.settings_dict["NAME"] = self.name
            conn.connection = None
            conn.connect()
            self._raw[self.name] = conn.connection
        else:
            connections.close_all()
            with conn._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                cursor.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.main}"')
            conn.settings_dict["NAME"] = self.name
        try:
            with override_settings(MEDIA_ROOT=self.media_root):
                call_command("load_demo", verbosity=0)
        finally:
            self.leave()

    def _point(self, name: str) -> None:
        conn = self.connection
        assert not conn.in_atomic_block, "switch databases only outside a transaction"
        if self.sqlite:
            conn.settings_dict["NAME"] = name
            conn.connection = self._raw[name]
        else:
            conn.close()
            conn.settings_dict["NAME"] = name

    def enter(self) -> None:
        self._point(self.name)

    def leave(self) -> None:
        self._point(self.main)

    def open(self) -> None:
        """Switch to the demo inside a transaction that ``close`` rolls back."""
        from django.db import transaction

        self.enter()
        self.outer = transaction.atomic()
        self.outer.__enter__()

    def close(self) -> None:
        from django.db import transaction

        if self.outer is None:
            return
        transaction.set_rollback(True)
        self.outer.__exit__(None, None, None)
        self.outer = None
        self.leave()

    def drop(self) -> None:
        if self.sqlite:
            self._raw[self.name].close()  # type: ignore[attr-defined]
            self._holder.close()  # type: ignore[union-attr]
            return
        conn = self.connection
        conn.close()
        with conn._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
