"""Every operation of the API schema, fuzzed by schemathesis as an anonymous
caller, an enterprise user and a zone admin (personal tokens), with data the
schema allows and, for the zone admin, data it does not, on the test database:
no server error, every answer's status documented and its body as the schema
says. Run by ``make test-api`` (marker ``apifuzz``); the number of
examples per operation is ``APIFUZZ_EXAMPLES`` (default 5). The examples are
the same on every run, so that CI is repeatable; ``APIFUZZ_RANDOM=1`` draws new
ones (a longer exploring run)."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from functools import cache

import pytest
import schemathesis
from django.core.cache import cache as django_cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from devzone.core.services import api_token_create

pytestmark = pytest.mark.apifuzz

EXAMPLES = int(os.environ.get("APIFUZZ_EXAMPLES", "5"))
RANDOM = bool(os.environ.get("APIFUZZ_RANDOM"))
POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
# Data the schema allows, for each role; data it does not (wrong types, missing
# fields, other media types) for the zone admin, who reaches the most.
RUNS = [("anonymous", POSITIVE), ("enterprise", POSITIVE), ("zone_admin", POSITIVE)]
RUNS += [("zone_admin", NEGATIVE)]
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


class _ServerErrors(logging.Handler):
    """What the views raised: Django logs each server error with its exception."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.raised: list[str] = []

    def emit(self, record):
        if record.exc_info and record.exc_info[0] is not None:
            self.raised.append(record.exc_info[0].__name__)


def _fuzz_data(world):
    """A few records of each app in zone A, so that small ids name real rows."""
    from devzone.approvals.catalogue import catalogue_load
    from devzone.approvals.models import ApprovalItem, ProjectApproval
    from devzone.desk.catalogue import load_catalogue
    from devzone.desk.models import Category, Department, ServiceRequest
    from devzone.incentives.models import Application, Policy
    from devzone.projects.models import Lead, Problem, Project, ScheduleTask

    catalogue_load()
    load_catalogue()
    project = Project.objects.create(
        zone=world.zone_a,
        name="甲项目",
        planned_investment=Decimal("260000000"),
        agent=world.users["zone_admin"],
        notice_board=True,
        expected_operation=date(2030, 6, 30),
    )
    project.enterprises.add(world.ent_a)
    ScheduleTask.objects.create(project=project, name="土建", duration=30)
    Problem.objects.create(project=project, title="用地手续", raised_on=date(2024, 5, 1))
    Lead.objects.create(
        zone=world.zone_a,
        investor="舜天服饰",
        project_name="服装加工",
        source_region=Lead.SourceRegion.YANGTZE_DELTA,
        first_contact_on=date(2024, 3, 1),
    )
    ProjectApproval(
        project=project, item=ApprovalItem.objects.order_by("pk").first(), mode="standard"
    ).save()
    Department.objects.create(zone=world.zone_a, name="企业服务部")
    ServiceRequest(
        zone=world.zone_a,
        category=Category.objects.filter(zone=None).order_by("pk").first(),
        title="厂区停水",
        description="请尽快处理。",
        contact_phone="13912345678",
        enterprise=world.ent_a,
    ).save()
    policy = Policy.objects.create(
        zone=world.zone_a,
        title="租金补贴",
        issuing_office="管委会",
        amount_rule=Policy.AmountRule.FIXED,
        fixed_amount=Decimal("100000"),
        valid_from=date(2020, 1, 1),
    )
    Application(
        policy=policy,
        enterprise=world.ent_a,
        submitted_on=date(2024, 3, 1),
        requested_amount=Decimal("100000"),
    ).save()
    return [project.notice_code]


@cache
def _operations():
    """Every operation of the schema the app serves (loaded once for the three roles)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


def _is_public(operation) -> bool:
    """Open without login: the schema lists no security requirement among its options."""
    return {} in operation.definition.raw.get("security", [])


def _small_ids(case):
    """The case with every whole number of its body (and of its lists) made 1–3, so
    that the records it names (zone, enterprises, project …) exist and the write
    reaches the model."""

    def small(value):
        if isinstance(value, int) and not isinstance(value, bool):
            return value % 3 + 1
        if isinstance(value, list):
            return [small(v) for v in value]
        return value

    if isinstance(case.body, dict):
        for name, value in list(case.body.items()):
            case.body[name] = small(value)
    return case


def _strategy(operation, mode, notice_codes):
    """The operation's cases; half of them name rows that exist (small ids in the
    path and the body, real notice codes)."""
    generated = operation.as_strategy(generation_mode=mode)
    names = [p.name for p in operation.path_parameters]
    existing = (
        st.fixed_dictionaries(
            {
                name: st.sampled_from(notice_codes) if name == "code" else st.integers(1, 4)
                for name in names
            }
        ).flatmap(
            lambda values: operation.as_strategy(generation_mode=mode, path_parameters=values)
        )
        if names
        else generated
    )
    return st.one_of(generated, existing.map(_small_ids))


def _fuzz(operation, strategy, count, headers, examples, found, server_errors):
    """Run one operation's examples; each distinct failure is kept with a curl to reproduce it."""

    @settings(
        max_examples=count,
        derandomize=not RANDOM,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def exercise(case):
        django_cache.clear()  # the throttles' counts: every example reaches the view
        server_errors.raised.clear()
        response = case.call(headers=headers)
        examples[f"{response.status_code // 100}xx"] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            curl = case.as_curl_command(headers=headers)
            if response.status_code >= 500:  # one failure, named by what the view raised
                key = (operation.label, "Server error", ",".join(server_errors.raised))
                found.setdefault(key, f"{group.exceptions[0]}\n{curl}")
                return
            for failure in group.exceptions:
                found.setdefault((operation.label, failure.title, ""), f"{failure}\n{curl}")

    # Negative data: an operation with nothing to get wrong (no parameters, no body) has none.
    with contextlib.suppress(Unsatisfiable):
        exercise()


@pytest.mark.django_db
@pytest.mark.parametrize("role,mode", RUNS, ids=[f"{r}-{m.value}" for r, m in RUNS])
def test_every_operation_answers_as_documented(world, role, mode):
    notice_codes = _fuzz_data(world)
    headers = {}
    if role != "anonymous":
        _token, key = api_token_create(user=world.users[role], name="fuzz")
        headers = {"Authorization": f"Token {key}"}
    operations = _operations()

    server_errors = _ServerErrors()
    request_log = logging.getLogger("django.request")
    request_log.addHandler(server_errors)
    request_log.propagate = False  # the thousands of 4xx lines; failures are reported below
    found: dict[tuple[str, str, str], str] = {}
    examples = Counter()  # answers by status class
    started = time.monotonic()
    try:
        for operation in operations:
            # Without a token, what needs one answers 401 before reading anything: once is enough.
            count = EXAMPLES if role != "anonymous" or _is_public(operation) else 1
            _fuzz(
                operation,
                _strategy(operation, mode, notice_codes),
                count,
                headers,
                examples,
                found,
                server_errors,
            )
    finally:
        request_log.removeHandler(server_errors)
        request_log.propagate = True
    elapsed = time.monotonic() - started

    new = found
    print(
        f"\n{role} ({mode.value}): {len(operations)} operations, {sum(examples.values())} examples "
        f"({', '.join(f'{k} {v}' for k, v in sorted(examples.items()))}), "
        f"{len(found)} distinct failures ({len(new)} new) in {elapsed:.0f} s"
    )
    assert len(operations) > 200
    assert not new, "\n\n".join(f"{' · '.join(key)}\n{text}" for key, text in sorted(new.items()))
