"""The scan over open requests: a deadline near is warned of once; a missed
deadline goes once to the department head (the zone admins for complaints
about officials), and to the zone admins when still overdue the category's
further working days later; running it again changes nothing."""

from datetime import date, datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from devzone.core.models import Notification
from devzone.desk import services
from devzone.desk.models import Escalation, ServiceRequest
from devzone.desk.tasks import escalate_overdue_requests

from .conftest import make_request

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_BEFORE_NATIONAL_DAY = datetime.combine(date(2024, 9, 30), time(10), tzinfo=SHANGHAI)


@pytest.fixture
def late(dw):
    """A request received on 30 September 2024, assigned to zone staff, in the
    department headed by the zone admin: accept by 8 Oct, answer by 9 Oct,
    resolve by 18 Oct."""
    ServiceRequest.objects.all().delete()
    dw.department.head = dw.users["zone_admin"]
    dw.department.save()
    dw.late = make_request(
        dw.zone_a,
        dw.cat["utilities"],
        "园区停电",
        received_at=MONDAY_BEFORE_NATIONAL_DAY,
        department=dw.department,
        assignee=dw.users["zone_staff"],
    )
    Notification.objects.all().delete()
    mail.outbox.clear()
    return dw


def titles(user):
    return [n.title for n in Notification.objects.filter(user=user).order_by("pk")]


def told(user) -> str:
    """Everything the user was told, titles and bodies (a scan's digest lists its items)."""
    return "\n".join(f"{n.title}\n{n.body}" for n in Notification.objects.filter(user=user))


def scan(day):
    return services.escalate_overdue(today=day)


def test_near_deadlines_are_warned_of_once(late):
    staff = late.users["zone_staff"]
    # 30 Sep: the day the clock starts, nobody is warned (the assignment said it).
    assert scan(date(2024, 9, 30))["warned"] == 0
    # 8 Oct: accept due today, answer due on the next working day.
    counts = scan(date(2024, 10, 8))
    assert counts == {"warned": 2, "department": 0, "zone_admin": 0}
    # One notification per person and scan: here a digest of the two deadlines.
    assert len(titles(staff)) == 1
    assert told(staff).count("园区停电") == 2
    assert "2024-10-08" in told(staff) and "2024-10-09" in told(staff)
    assert scan(date(2024, 10, 8))["warned"] == 0
    assert len(titles(staff)) == 1


def test_a_missed_deadline_goes_to_the_head_once_then_to_the_zone_admin(
    late, django_capture_on_commit_callbacks
):
    staff, head = late.users["zone_staff"], late.users["zone_admin"]
    head.role = "zone_staff"  # a head who is not a zone admin
    head.save()
    admin = late.users["outsider"]  # make them zone A's admin for this test
    admin.zones.set([late.zone_a])

    with django_capture_on_commit_callbacks(execute=True):
        counts = scan(date(2024, 10, 9))  # accept was due 8 Oct
    assert (counts["department"], counts["zone_admin"]) == (1, 0)
    escalation = Escalation.objects.get()
    assert (escalation.deadline, escalation.level, escalation.round) == ("accept", "department", 0)
    assert escalation.due == date(2024, 10, 8)
    assert list(escalation.recipients.all()) == [head]
    assert escalation.notified_at is not None
    assert "园区停电" in told(head) and "2024-10-08" in told(head)
    assert "2024-10-08" in told(staff)  # the assignee hears of the miss
    assert titles(admin) == []
    # In the app and by e-mail once the scan commits: one message per person,
    # with the answer deadline, due today, in the same digest.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, staff.email])
    assert all("2024-10-08" in m.body and "2024-10-09" in m.body for m in mail.outbox)

    # Again the same day, and the next: nothing new for the accept deadline.
    assert scan(date(2024, 10, 9)) == {"warned": 0, "department": 0, "zone_admin": 0}
    notes = Notification.objects.count()
    assert scan(date(2024, 10, 10))["department"] == 1  # the answer deadline (9 Oct) now
    assert Escalation.objects.filter(deadline="accept").count() == 1

    # Two working days after 8 Oct is 10 Oct; still not accepted on 11 Oct: the zone admin.
    counts = scan(date(2024, 10, 11))
    assert counts["zone_admin"] == 1
    top = Escalation.objects.get(level="zone_admin")
    assert top.deadline == "accept"
    assert list(top.recipients.all()) == [admin]
    assert "园区停电" in told(admin)
    assert Notification.objects.count() > notes
    assert scan(date(2024, 10, 11)) == {"warned": 0, "department": 0, "zone_admin": 0}


def test_met_deadlines_are_not_escalated(late):
    services.request_accept(request=late.late, user=late.users["zone_staff"])
    late.late.refresh_from_db()
    # Accepted (late or not), the accept deadline is no longer watched.
    assert scan(date(2024, 10, 9))["department"] == 0
    assert not Escalation.objects.exists()
    services.request_resolve(request=late.late, user=late.users["zone_staff"], text="已恢复供电")
    assert scan(date(2024, 12, 31)) == {"warned": 0, "department": 0, "zone_admin": 0}


def test_every_missed_deadline_is_escalated(late):
    counts = scan(date(2024, 11, 1))  # nothing was done at all
    assert counts["department"] == 3 and counts["zone_admin"] == 3
    assert set(Escalation.objects.values_list("deadline", "level")) == {
        (d, lvl) for d in ("accept", "answer", "resolve") for lvl in ("department", "zone_admin")
    }


def test_complaints_about_officials_go_to_the_zone_admin_not_the_head(dw):
    head = dw.users["zone_staff"]  # heads the department, but may not read complaints
    complaint = dw.complaint
    complaint.department = dw.department
    complaint.received_at = MONDAY_BEFORE_NATIONAL_DAY
    complaint.save()
    Notification.objects.all().delete()
    scan(date(2024, 10, 9))
    escalation = Escalation.objects.get(request=complaint, deadline="accept")
    assert list(escalation.recipients.all()) == [dw.users["zone_admin"]]
    assert "好处费" not in told(head)
    assert "好处费" in told(dw.users["zone_admin"])
    # 吃拿卡要: zero tolerance, the zone admin is told one working day after a miss.
    assert complaint.category.escalate_after_days == 1
    scan(date(2024, 10, 10))
    assert Escalation.objects.filter(
        request=complaint, level="zone_admin", deadline="accept"
    ).exists()


def test_a_reopened_request_is_escalated_again_in_its_new_round(late):
    staff = late.users["zone_staff"]
    scan(date(2024, 10, 9))
    services.request_accept(request=late.late, user=staff)
    services.request_resolve(request=late.late, user=staff, text="已协调")
    late.late.refresh_from_db()
    services.request_reopen(request=late.late, reason="仍然停电")
    late.late.refresh_from_db()
    assert late.late.reopen_count == 1
    # Its deadlines restarted today; long after them, all three are missed again.
    from django.utils import timezone

    assert late.late.clock_start == timezone.localdate()
    assert (late.late.accepted_at, late.late.resolved_at, late.late.resolution) == (None, None, "")
    counts = scan(date(2099, 1, 1))
    assert counts["department"] == 3
    assert Escalation.objects.filter(round=1, level="department").count() == 3
    assert Escalation.objects.filter(round=0, deadline="accept").count() == 1
    assert scan(date(2099, 1, 1)) == {"warned": 0, "department": 0, "zone_admin": 0}


def test_command_and_task(late):
    out = StringIO()
    call_command("escalate_requests", "--today", "2024-10-09", stdout=out)
    assert "1 escalated to a department head" in out.getvalue()
    assert escalate_overdue_requests.apply(kwargs={}).get()["department"] >= 0
    out = StringIO()
    call_command("escalate_requests", "--today", "2024-10-09", stdout=out)
    assert "0 escalated to a department head" in out.getvalue()


def test_many_items_make_one_digest_per_person(late):
    staff = late.users["zone_staff"]
    for i in range(24):
        make_request(
            late.zone_a,
            late.cat["policy"],
            f"积压诉求{i}",
            received_at=MONDAY_BEFORE_NATIONAL_DAY,
            assignee=staff,
        )
    Notification.objects.all().delete()
    counts = scan(date(2024, 10, 9))
    assert counts["department"] == 25
    note = Notification.objects.get(user=staff)  # one, not 25
    lines = note.body.splitlines()
    # Twenty items, misses first, and "… and 30 more" (25 misses, 25 answers due today).
    assert len(lines) == 21 and "30" in lines[-1]
    assert "2024-10-08" in lines[0]
    # Raised requests leave the scan's index: the next run reads nothing of them.
    assert not ServiceRequest.objects.filter(status="received", accept_level=0).exists()
    assert scan(date(2024, 10, 9)) == {"warned": 0, "department": 0, "zone_admin": 0}


def test_the_scan_reads_a_fixed_number_of_queries_whatever_the_rows(late):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_a_scan(extra: int) -> int:
        for i in range(extra):
            make_request(
                late.zone_a,
                late.cat["policy" if i % 2 else "complaint_bribery"],
                f"积压诉求{i}",
                received_at=MONDAY_BEFORE_NATIONAL_DAY,
                department=late.department,
                assignee=late.users["zone_staff"],
            )
        with CaptureQueriesContext(connection) as queries:
            counts = scan(date(2024, 10, 9))
        assert counts["department"] == extra + 1
        ServiceRequest.objects.exclude(pk=late.late.pk).delete()
        Escalation.objects.all().delete()
        ServiceRequest.objects.update(accept_level=0, answer_level=0, answer_warned=False)
        return len(queries)

    assert queries_of_a_scan(0) == queries_of_a_scan(12)
