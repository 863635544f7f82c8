"""What a write sets off: handlers an app's services register with ``on_write``
run inside every write (``record_save``, ``record_delete``, ``system_save``),
may refuse it, run once per group when deferred, and see what changed."""

import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from devzone.core import services
from devzone.core.models import IndustryChain, Notification
from devzone.core.services import (
    after_writes_deferred,
    on_write,
    record_delete,
    record_save,
    system_save,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(monkeypatch):
    """A hook on industry chains for the test only: it records each write and
    refuses the name 拒绝."""
    monkeypatch.setitem(services._hooks, IndustryChain, [])
    calls = []

    @on_write(IndustryChain, group=lambda chain: chain.zone_id)
    def chain_written(chain):
        calls.append((chain.pk, chain.name))
        if chain.name == "拒绝":
            raise ValidationError("refused by the hook")

    return calls


def test_a_hook_runs_inside_the_write_and_may_refuse_it(world, seen):
    chain = IndustryChain.objects.get(pk=world.chain_a.pk)
    chain.name = "新材料产业链"
    record_save(instance=chain, user=world.users["zone_admin"])
    assert seen == [(chain.pk, "新材料产业链")]

    chain.name = "拒绝"
    with pytest.raises(ValidationError):
        record_save(instance=chain, user=world.users["zone_admin"])
    assert IndustryChain.objects.get(pk=chain.pk).name == "新材料产业链"


def test_a_hook_runs_after_a_delete(world, seen):
    chain = IndustryChain.objects.create(zone=world.zone_a, name="待删除产业链")
    record_delete(instance=chain, user=world.users["zone_admin"])
    assert seen == [(None, "待删除产业链")]


def test_deferred_hooks_run_once_per_group_at_the_end(world, seen):
    with transaction.atomic(), after_writes_deferred():
        for name in ("一", "二", "三"):
            record_save(
                instance=IndustryChain(zone=world.zone_a, name=f"产业链{name}"),
                user=world.users["zone_admin"],
            )
        assert seen == []
    assert len(seen) == 1  # one zone: one group


def test_a_refusing_deferred_hook_undoes_the_whole_block(world, seen):
    before = IndustryChain.objects.count()
    with pytest.raises(ValidationError), transaction.atomic(), after_writes_deferred():
        record_save(
            instance=IndustryChain(zone=world.zone_b, name="拒绝"),
            user=world.users["platform_admin"],
        )
    assert IndustryChain.objects.count() == before


def test_system_save_runs_the_hooks_and_quiet_tells_no_one(world, monkeypatch):
    monkeypatch.setitem(services._hooks, IndustryChain, [])
    admin = world.users["zone_admin"]

    @on_write(IndustryChain)
    def tell_admin(chain):
        services.notify(users=[admin], title=f"{chain.name} written", email=False)

    system_save(
        instance=IndustryChain(zone=world.zone_a, name="示例产业链"), reason="demo", quiet=True
    )
    assert not Notification.objects.filter(user=admin).exists()
    chain = system_save(instance=IndustryChain(zone=world.zone_a, name="公开产业链"), reason="form")
    assert list(Notification.objects.filter(user=admin).values_list("title", flat=True)) == [
        "公开产业链 written"
    ]
    latest = chain.history.latest()
    assert latest.history_change_reason == "form" and latest.history_user is None


def test_changed_compares_with_the_values_the_record_was_read_with(world, monkeypatch):
    monkeypatch.setitem(services._hooks, IndustryChain, [])
    monkeypatch.setattr(IndustryChain, "watched", ("name",), raising=False)
    changes = []

    @on_write(IndustryChain)
    def chain_written(chain):
        changes.append((chain.changed("name"), chain.loaded("name")))

    chain = IndustryChain.objects.get(pk=world.chain_a.pk)
    chain.name = "改名产业链"
    record_save(instance=chain, user=world.users["zone_admin"])
    # Saved again as it is: what the first write stored is what it compares with.
    record_save(instance=chain, user=world.users["zone_admin"])
    assert changes == [(True, "再生金属产业链"), (False, "改名产业链")]


def test_every_app_registers_its_hooks_at_start_up():
    """Whichever module a process imports first (a Celery worker, a
    management command), the hooks are there once Django has started."""
    script = (
        "import django; django.setup()\n"
        "from django.apps import apps\n"
        "from devzone.core.services import write_hooks\n"
        "for label, name in [('projects', 'Project'), ('projects', 'ScheduleTask'),"
        " ('projects', 'TaskDependency'), ('approvals', 'ApprovalItem'),"
        " ('approvals', 'RegionalCoverage'), ('approvals', 'ProjectApproval'),"
        " ('desk', 'ServiceRequest'), ('incentives', 'Application'),"
        " ('incentives', 'Disbursement'), ('incentives', 'FinancingCase')]:\n"
        "    print(name, len(write_hooks(apps.get_model(label, name))))\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    counts = dict(line.split() for line in result.stdout.splitlines())
    assert len(counts) == 10 and all(int(n) >= 1 for n in counts.values()), counts
