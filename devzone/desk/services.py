"""Writes and computations of the service desk: deadlines in working days of
the official calendar, requests from each channel, their lifecycle (accept →
answer → resolve → rate, or reopen), the handling log, and the scan that warns
of near deadlines and escalates missed ones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from devzone.core.bulk import insert_with_history
from devzone.core.models import User, Zone
from devzone.core.scoping import Role, scope_of
from devzone.core.selectors import zone_admins_by_zone
from devzone.core.services import notify, notify_each, on_write, record_save, system_save
from devzone.core.throttling import failure_record, failures_exceeded
from devzone.core.validators import validate_mobile
from devzone.core.workdays import add_working_days

from .catalogue import load_catalogue
from .deadlines import DEADLINES, refresh_deadlines
from .models import Category, Escalation, FollowUp, ServiceRequest, works_in_zone

if TYPE_CHECKING:
    from devzone.projects.models import NoticeFeedback

Status = ServiceRequest.Status
OPEN = ServiceRequest.OPEN
# The statuses in which each deadline is still to be met.
PENDING = {
    "accept": (Status.RECEIVED,),
    "answer": (Status.RECEIVED, Status.ACCEPTED),
    "resolve": OPEN,
}
DEADLINE_VERBS = {
    "accept": gettext_lazy("accepted"),
    "answer": gettext_lazy("answered"),
    "resolve": gettext_lazy("resolved"),
}


def categories_for_zone(zone_id: int | None) -> list[Category]:
    """The categories in use in a zone: the national catalogue and the zone's
    own, a zone's own replacing the national one with the same code."""
    rows = list(
        Category.objects.filter(active=True)
        .filter(Q(zone__isnull=True) | Q(zone_id=zone_id))
        .order_by("order", "code")
    )
    own = {c.code for c in rows if c.zone_id is not None}
    return [c for c in rows if c.zone_id is not None or c.code not in own]


# --- Submission -----------------------------------------------------------------------------

PUBLIC_PER_ADDRESS = 3  # requests from one address within PUBLIC_WINDOW
PUBLIC_PER_ZONE = 60  # public requests to one zone within PUBLIC_WINDOW
PUBLIC_WINDOW = timedelta(minutes=10)


# --- The public's tracking -------------------------------------------------------------

# Wrong code or phone within TRACK_WINDOW: per client address, and per code
# whatever the address (guessing one request's phone from many addresses).
TRACK_FAILURES = 10
TRACK_FAILURES_PER_CODE = 20
TRACK_WINDOW = 10 * 60  # seconds
_TRACK_SCOPE = "desk-track"


class TrackingThrottled(Exception):
    """Too many wrong codes or phones lately, from this address or for this code."""


def _digits(text: str) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


def request_track(*, code: str, phone: str, ip: str | None) -> ServiceRequest | None:
    """The request this (normalised) tracking code and phone open, or None;
    every failure counts against the client's address and the code, and past
    either limit even the right pair is refused for a while
    (``TrackingThrottled``): the web page and the API share the counts."""
    if failures_exceeded(
        scope=_TRACK_SCOPE, keys={"address": ip or "unknown"}, limit=TRACK_FAILURES
    ) or failures_exceeded(scope=_TRACK_SCOPE, keys={"code": code}, limit=TRACK_FAILURES_PER_CODE):
        raise TrackingThrottled
    obj = ServiceRequest.objects.select_related("zone", "category").filter(code=code).first()
    digits = _digits(phone)
    if obj is not None and digits and _digits(obj.contact_phone) == digits:
        return obj
    failure_record(
        scope=_TRACK_SCOPE,
        keys={"address": ip or "unknown", "code": code},
        window_seconds=TRACK_WINDOW,
    )
    return None


def submission_is_throttled(*, zone: Zone, ip: str | None) -> bool:
    recent = ServiceRequest.objects.filter(
        channel=ServiceRequest.Channel.WEB, created_at__gte=timezone.now() - PUBLIC_WINDOW
    )
    if ip and recent.filter(ip_address=ip).count() >= PUBLIC_PER_ADDRESS:
        return True
    return recent.filter(zone=zone).count() >= PUBLIC_PER_ZONE


@transaction.atomic
def request_submit(
    *,
    zone: Zone,
    category: Category,
    title: str,
    description: str,
    contact_name: str = "",
    contact_phone: str = "",
    user: User | AnonymousUser | None = None,
    ip: str | None = None,
) -> ServiceRequest:
    """A request from the web: the public's (a phone number required, to
    track it with its code) or, signed in, an enterprise user's for its
    company (in its company's zone)."""
    scope = scope_of(user)
    enterprise_id = scope.enterprise_id
    if enterprise_id is not None and zone.pk != scope.enterprise_zone_id:
        raise ValidationError(
            {"zone": _("Your company's requests go to the zone your company is in.")}
        )
    if enterprise_id is None and not (contact_phone or "").strip():
        raise ValidationError(
            {
                "contact_phone": _(
                    "Give your phone number: with the tracking code it opens your request."
                )
            }
        )
    if enterprise_id is None:
        # The public tracks its request with the code and its 手机号码.
        try:
            validate_mobile(contact_phone.strip())
        except ValidationError as exc:
            raise ValidationError({"contact_phone": exc.messages}) from exc
    if category.pk not in {c.pk for c in categories_for_zone(zone.pk)}:
        raise ValidationError({"category": _("Choose one of this zone's categories.")})
    if submission_is_throttled(zone=zone, ip=ip):
        raise ValidationError(
            _("Too many requests in a short time. Please try again in a few minutes."),
            code="throttled",
        )
    request = ServiceRequest(
        zone=zone,
        channel=ServiceRequest.Channel.WEB,
        category=category,
        title=title.strip(),
        description=description.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        enterprise_id=enterprise_id,
        # An enterprise in the scope: a signed-in enterprise User.
        submitted_by=user if enterprise_id is not None else None,  # type: ignore[misc]
        ip_address=ip,
    )
    refresh_deadlines(request)
    request.full_clean()
    return system_save(instance=request, on_behalf_of=user, reason=_("Submitted on the web"))


@transaction.atomic
def request_from_notice_board(feedback: NoticeFeedback) -> ServiceRequest:
    """A message left on a project's public notice board becomes a request of
    the project's zone (channel 公示牌), assigned to the project's agent.
    Calling it again for the same message returns the same request."""
    existing = ServiceRequest.objects.filter(notice_feedback=feedback).first()
    if existing is not None:
        return existing
    project = feedback.project
    category = _fallback_category(project.zone_id)
    agent = project.agent
    if agent is not None and not works_in_zone(agent, project.zone_id):
        agent = None
    message = feedback.message.strip()
    title = message.splitlines()[0] if message else ""
    request = ServiceRequest(
        zone_id=project.zone_id,
        channel=ServiceRequest.Channel.NOTICE_BOARD,
        category=category,
        title=(title[:60] + "…") if len(title) > 60 else title,
        description=message,
        contact_name=feedback.name,
        contact_phone=feedback.contact_phone,
        project=project,
        notice_feedback=feedback,
        assignee=agent,
        received_at=feedback.created_at or timezone.now(),
        ip_address=feedback.ip_address,
        is_sample=feedback.is_sample,
    )
    return system_save(
        instance=request,
        reason=_("From the notice board of %(project)s") % {"project": project.name},
    )


def _fallback_category(zone_id: int) -> Category:
    categories = categories_for_zone(zone_id)
    if not categories:
        # A member of the public is never refused for the desk's configuration:
        # the national catalogue comes back (the admin's own changes are kept).
        load_catalogue()
        categories = categories_for_zone(zone_id) or list(
            Category.objects.filter(zone=None, code="other")
        )
    for category in categories:
        if category.code == "other":
            return category
    return categories[-1]


# --- Lifecycle -------------------------------------------------------------------------------


def _locked(request: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("category")
        .get(pk=request.pk)
    )


def _for_staff(request: ServiceRequest, user: User) -> ServiceRequest:
    request = _locked(request)
    if not ServiceRequest.objects.editable_by(user).filter(pk=request.pk).exists():
        raise PermissionDenied
    return request


def _log(
    request: ServiceRequest,
    kind: str,
    note: str,
    *,
    user: User | AnonymousUser | None = None,
    by_requester: bool = False,
) -> FollowUp:
    entry = FollowUp(
        request=request,
        kind=kind,
        note=note,
        author=user if isinstance(user, User) and user.is_authenticated else None,
        by_requester=by_requester,
        is_sample=request.is_sample,
    )
    return system_save(instance=entry, on_behalf_of=user, reason=str(FollowUp.Kind(kind).label))


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


@transaction.atomic
def request_accept(*, request: ServiceRequest, user: User, note: str = "") -> ServiceRequest:
    """受理: the desk takes the request on; whoever accepts an unassigned one handles it."""
    request = _for_staff(request, user)
    if request.status != Status.RECEIVED:
        raise ValidationError(_("Only a received request can be accepted."))
    request.status = Status.ACCEPTED
    request.accepted_at = timezone.now()
    if (
        request.assignee_id is None
        and (not request.category.confidential or user.role == Role.ZONE_ADMIN)
        and works_in_zone(user, request.zone_id)
    ):
        request.assignee = user
    record_save(instance=request, user=user, reason=_("Accepted"))
    _log(request, FollowUp.Kind.ACCEPTED, note.strip() or _("Accepted."), user=user)
    return request


@transaction.atomic
def request_answer(*, request: ServiceRequest, user: User, text: str) -> ServiceRequest:
    """答复: the first reply to the requester."""
    text = _required(text, _("Write the answer to the requester."))
    request = _for_staff(request, user)
    if request.status != Status.ACCEPTED:
        raise ValidationError(_("Accept the request before answering it."))
    request.status = Status.ANSWERED
    request.answer = text
    request.answered_at = timezone.now()
    record_save(instance=request, user=user, reason=_("Answered"))
    _log(request, FollowUp.Kind.ANSWERED, text, user=user)
    return request


@transaction.atomic
def request_resolve(*, request: ServiceRequest, user: User, text: str) -> ServiceRequest:
    """办结: what was done; the requester is asked to rate it."""
    text = _required(text, _("Write how the request was resolved."))
    request = _for_staff(request, user)
    if request.status not in (Status.ACCEPTED, Status.ANSWERED):
        raise ValidationError(_("Only an accepted request can be resolved."))
    now = timezone.now()
    request.status = Status.RESOLVED
    request.resolution = text
    request.resolved_at = now
    if request.answered_at is None:
        request.answered_at = now  # the resolution is its answer
    request.resolved_in_time = timezone.localdate(now) <= request.resolve_due
    record_save(instance=request, user=user, reason=_("Resolved"))
    _log(request, FollowUp.Kind.RESOLVED, text, user=user)
    if request.submitted_by_id and request.submitted_by_id != user.pk:
        with override(settings.LANGUAGE_CODE):
            notify(
                users=[request.submitted_by],  # type: ignore[list-item]  # submitted_by_id is set
                title=_("Your request “%(title)s” was resolved") % {"title": request.title},
                body=_("Please rate how it was handled, or reopen it if it is not solved."),
                url=request.get_absolute_url(),
            )
    return request


@transaction.atomic
def request_add_note(*, request: ServiceRequest, user: User, note: str) -> FollowUp:
    note = _required(note, _("Write what was done."))
    request = _for_staff(request, user)
    return _log(request, FollowUp.Kind.NOTE, note, user=user)


def _for_requester(request: ServiceRequest, user: User | AnonymousUser | None) -> ServiceRequest:
    """The requester: the public (``user`` None, having given the code and the
    phone), or an enterprise user of the requesting company."""
    request = _locked(request)
    scope = scope_of(user)
    if scope.authenticated and not (
        scope.enterprise_id is not None and scope.enterprise_id == request.enterprise_id
    ):
        raise PermissionDenied
    return request


def rating_value(value: str | int | None) -> int:
    try:
        rating = int(value)  # type: ignore[arg-type]  # None: TypeError, refused below
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError(_("Give a rating from 1 (very dissatisfied) to 5 (very satisfied)."))
    return rating


@transaction.atomic
def request_rate(
    *,
    request: ServiceRequest,
    rating: str | int | None,
    comment: str = "",
    user: User | AnonymousUser | None = None,
) -> ServiceRequest:
    """The requester rates a resolved request (1–5); the request closes."""
    rating = rating_value(rating)
    request = _for_requester(request, user)
    return _close_with_rating(request, rating, comment, user=user, on_callback=False)


@transaction.atomic
def request_callback(
    *, request: ServiceRequest, user: User, rating: str | int | None, comment: str = ""
) -> ServiceRequest:
    """回访: staff call the requester of a resolved request back and record the
    rating given on the phone (1–5); the request closes."""
    rating = rating_value(rating)
    request = _for_staff(request, user)
    return _close_with_rating(request, rating, comment, user=user, on_callback=True)


def _close_with_rating(
    request: ServiceRequest,
    rating: int,
    comment: str,
    *,
    user: User | AnonymousUser | None,
    on_callback: bool,
) -> ServiceRequest:
    if request.status != Status.RESOLVED:
        raise ValidationError(_("Only a resolved request can be rated."))
    now = timezone.now()
    request.status = Status.CLOSED
    request.rating = rating
    request.rating_comment = (comment or "").strip()[:2000]
    request.rated_at = request.closed_at = now
    request.rated_on_callback = on_callback
    reason = _("Rated on a call back") if on_callback else _("Rated by the requester")
    system_save(instance=request, on_behalf_of=user, reason=reason)
    if on_callback:
        note = _("On a call back (回访) the requester rated it %(rating)s of 5.")
    else:
        note = _("Rated %(rating)s of 5.")
    note = note % {"rating": rating}
    if request.rating_comment:
        note = f"{note} {request.rating_comment}"
    _log(request, FollowUp.Kind.RATED, note, user=user, by_requester=not on_callback)
    _notify_handlers(
        request,
        title=_("“%(title)s” was rated %(rating)s of 5")
        % {"title": request.title, "rating": rating},
        body=request.rating_comment,
    )
    return request


@transaction.atomic
def request_reopen(
    *, request: ServiceRequest, reason: str, user: User | AnonymousUser | None = None
) -> ServiceRequest:
    """The requester says a resolved request is not solved: it is received
    again and its deadlines start over from today."""
    reason = _required(reason, _("Say what is still not solved."))
    request = _for_requester(request, user)
    return _reopen(request, reason, user=user, on_callback=False)


@transaction.atomic
def request_reopen_on_callback(
    *, request: ServiceRequest, user: User, reason: str
) -> ServiceRequest:
    """回访: the requester, called back, says it is not solved; staff reopen it
    in their name."""
    reason = _required(reason, _("Say what is still not solved."))
    request = _for_staff(request, user)
    return _reopen(request, reason, user=user, on_callback=True)


def _reopen(
    request: ServiceRequest, reason: str, *, user: User | AnonymousUser | None, on_callback: bool
) -> ServiceRequest:
    if request.status != Status.RESOLVED:
        raise ValidationError(_("Only a resolved request can be reopened."))
    request.status = Status.RECEIVED
    request.reopen_count += 1
    request.reopened_at = timezone.now()
    request.accepted_at = request.answered_at = request.resolved_at = None
    request.resolved_in_time = None
    request.answer = request.resolution = ""
    request.accept_warned = request.answer_warned = request.resolve_warned = False
    request.accept_level = request.answer_level = request.resolve_level = 0
    if on_callback:
        system_save(instance=request, on_behalf_of=user, reason=_("Reopened on a call back"))
        reason = _("On a call back (回访): %(reason)s") % {"reason": reason}
    else:
        system_save(instance=request, on_behalf_of=user, reason=_("Reopened by the requester"))
    _log(request, FollowUp.Kind.REOPENED, reason, user=user, by_requester=not on_callback)
    _notify_handlers(
        request,
        title=_("Reopened: “%(title)s” is not solved, says the requester")
        % {"title": request.title},
        body=reason,
    )
    return request


# --- Notifications ------------------------------------------------------------------------------


# What a person's notification needs of them (name, address, active).
_PERSON = ("username", "first_name", "last_name", "email", "is_active")


# The columns the scan reads of a request and its relations: thousands of rows
# at a time, so not the request's text or its other dates.
_SCANNED_REQUEST = (
    "title",
    "zone__name",
    "zone__short_name",
    "category__name",
    "category__confidential",
    "department__head_id",
    *(f"department__head__{f}" for f in _PERSON),
    *(f"assignee__{f}" for f in _PERSON),
)


def _head(request: ServiceRequest) -> User | None:
    """The department head, unless the request is a complaint about officials
    (only the zone admin reads those)."""
    if request.category.confidential or request.department is None:
        return None
    return request.department.head


def _notify_handlers(request: ServiceRequest, *, title: str, body: str = "") -> None:
    users = {u for u in (request.assignee, _head(request)) if u is not None}
    if not users:
        users = set(zone_admins_by_zone([request.zone_id]).get(request.zone_id, []))
    if users:
        notify(users=list(users), title=title, body=body, url=request.get_absolute_url())


@on_write(ServiceRequest)
def notify_assignment(request: ServiceRequest) -> None:
    """Tell the new assignee (after a write), unless they assigned it to themselves."""
    new = request.assignee_id
    actor = getattr(request, "_history_user", None)
    if new is None or not request.changed("assignee_id") or (actor is not None and actor.pk == new):
        return
    with override(settings.LANGUAGE_CODE):
        title = _("Assigned to you: “%(title)s”") % {"title": request.title}
        body = _("Accept by %(accept)s, answer by %(answer)s, resolve by %(resolve)s.") % {
            "accept": request.accept_due,
            "answer": request.answer_due,
            "resolve": request.resolve_due,
        }
    # assignee_id is set (checked above).
    notify(users=[request.assignee], title=title, body=body, url=request.get_absolute_url())  # type: ignore[list-item]


# --- The scan: deadlines near, missed, escalated ---------------------------------------------


def still_overdue_cutoff(today: date, days: int) -> date:
    """The latest due day that, ``days`` working days after it, is still
    overdue today: requests due on or before it go to the zone admin."""
    day = today - timedelta(days=1)
    while add_working_days(day, days) >= today:
        day -= timedelta(days=1)
    return day


def _scan_lock() -> None:
    """One scan at a time (two beat workers would both escalate). Its queries
    are short range scans: PostgreSQL's JIT would cost more than they do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x6465736B])  # "desk"
            cursor.execute("SET LOCAL jit = off")


LEVELS: dict[str, int] = {Escalation.Level.DEPARTMENT: 1, Escalation.Level.ZONE_ADMIN: 2}


@transaction.atomic
def escalate_overdue(*, today: date | None = None) -> dict[str, int]:
    """Scan every open request: warn of deadlines within one working day
    (once), and raise each missed deadline once to the department head and,
    still overdue the category's further working days later, to the zone
    admins. Each step is one range query over an index of the requests not
    yet warned or raised, so the work follows what is new, not how many
    requests are open; running it twice raises nothing new. Each person gets
    one notification per scan (a digest when there are several items)."""
    today = today or timezone.localdate()
    _scan_lock()
    digest = _Digest()
    raised: list[int] = []
    for kind in DEADLINES:
        raised += _raise(kind, Escalation.Level.DEPARTMENT, Q(**{f"{kind}_due__lt": today}))
    for days in sorted(set(Category.objects.values_list("escalate_after_days", flat=True))):
        cutoff = still_overdue_cutoff(today, days)
        for kind in DEADLINES:
            raised += _raise(
                kind,
                Escalation.Level.ZONE_ADMIN,
                Q(**{f"{kind}_due__lte": cutoff}, category__escalate_after_days=days),
            )
    counts = _notify_escalations(raised, digest)  # misses first in each digest
    warned = _warn_near(today, digest)
    digest.send()
    return {"warned": warned, **counts}


def _raise(kind: str, level: str, overdue: Q) -> list[int]:
    """Record the escalations not yet raised for this deadline and level: one
    query finds them (on the index of requests not raised so far; the anti-join
    on the escalations keeps it idempotent whatever the flags say), one
    inserts them, one marks their requests."""
    number = LEVELS[level]
    already = Escalation.objects.filter(
        request_id=OuterRef("pk"), deadline=kind, level=level, round=OuterRef("reopen_count")
    )
    rows = list(
        ServiceRequest.objects.filter(
            overdue, status__in=PENDING[kind], **{f"{kind}_level": number - 1}
        )
        .filter(~Exists(already))
        .order_by()
        .values_list("pk", f"{kind}_due", "reopen_count", "is_sample")
    )
    if not rows:
        return []
    ids = insert_with_history(
        Escalation,
        [
            {
                "request_id": pk,
                "deadline": kind,
                "level": level,
                "round": round_,
                "due": due,
                "is_sample": sample,
            }
            for pk, due, round_, sample in rows
        ],
        user=None,
        reason="escalation scan",
    )
    ServiceRequest.objects.filter(pk__in=[row[0] for row in rows]).update(
        **{f"{kind}_level": number}
    )
    return ids


class _Digest:
    """What one scan tells each person, sent once: the item itself when there
    is one, a list when there are several."""

    MAX_LINES = 20

    def __init__(self) -> None:
        self.items: dict[User, list[tuple[str, str, str]]] = defaultdict(list)

    def add(self, users: Iterable[User | None], title: str, body: str, url: str) -> None:
        for user in users:
            if user is not None and user.is_active:
                self.items[user].append((title, body, url))

    def send(self) -> None:
        from django.urls import reverse

        messages = []
        with override(settings.LANGUAGE_CODE):
            for user, items in self.items.items():
                if len(items) == 1:
                    title, body, url = items[0]
                else:
                    title = _("Service desk: %(n)s requests need your attention") % {
                        "n": len(items)
                    }
                    lines = [f"· {t}" for t, _b, _u in items[: self.MAX_LINES]]
                    if len(items) > self.MAX_LINES:
                        lines.append(_("… and %(n)s more.") % {"n": len(items) - self.MAX_LINES})
                    body = "\n".join(lines)
                    url = reverse("desk:request_list") + "?open=true"
                messages.append((user, title, body, url))
        notify_each(messages)


def _notify_escalations(ids: list[int], digest: _Digest) -> dict[str, int]:
    """Tell each escalation's recipients: the department head (or, for a
    complaint about officials or without a head, the zone admins) and the
    assignee of the missed deadline; at the second level the zone admins."""
    counts = {"department": 0, "zone_admin": 0}
    if not ids:
        return counts
    escalations = list(
        Escalation.objects.filter(pk__in=ids, notified_at__isnull=True)
        .select_related(
            "request__zone",
            "request__category",
            "request__department__head",
            "request__assignee",
        )
        .only("level", "deadline", "due", *(f"request__{f}" for f in _SCANNED_REQUEST))
    )
    admins = zone_admins_by_zone(e.request.zone_id for e in escalations)
    links = []
    with override(settings.LANGUAGE_CODE):
        for e in escalations:
            request = e.request
            counts[e.level] += 1
            if e.level == Escalation.Level.DEPARTMENT and (head := _head(request)) is not None:
                recipients = [head]
            else:
                recipients = admins.get(request.zone_id, [])
            recipients = [u for u in recipients if u.is_active]
            words = {
                "title": request.title,
                "deadline": DEADLINE_VERBS[e.deadline],
                "due": e.due,
                "zone": request.zone.short_name or request.zone.name,
                "category": request.category.name,
                "assignee": (request.assignee.get_full_name() or request.assignee.username)
                if request.assignee
                else _("nobody"),
            }
            if e.level == Escalation.Level.DEPARTMENT:
                title = _("Escalated to you: “%(title)s” was not %(deadline)s by %(due)s") % words
            else:
                title = _("Still overdue: “%(title)s” was to be %(deadline)s by %(due)s") % words
            body = _("%(zone)s · %(category)s · assignee: %(assignee)s.") % words
            url = request.get_absolute_url()
            digest.add(recipients, title, body, url)
            links += [
                Escalation.recipients.through(escalation_id=e.pk, user_id=u.pk) for u in recipients
            ]
            assignee = request.assignee
            if (
                e.level == Escalation.Level.DEPARTMENT
                and assignee is not None
                and assignee not in recipients
            ):
                missed = _("Deadline missed: “%(title)s” was to be %(deadline)s by %(due)s")
                digest.add([assignee], missed % words, body, url)
    Escalation.recipients.through.objects.bulk_create(links, ignore_conflicts=True)
    Escalation.objects.filter(pk__in=[e.pk for e in escalations]).update(notified_at=timezone.now())
    return counts


def _warn_near(today: date, digest: _Digest) -> int:
    """Deadlines due today or on the next working day, once per deadline and
    round (not on the day the clock started: the assignment said it)."""
    next_day = add_working_days(today, 1)
    warned = 0
    for kind in DEADLINES:
        flag = f"{kind}_warned"
        near = list(
            ServiceRequest.objects.filter(
                status__in=PENDING[kind],
                clock_start__lt=today,
                **{
                    f"{kind}_level": 0,
                    f"{kind}_due__gte": today,
                    f"{kind}_due__lte": next_day,
                    flag: False,
                },
            )
            .select_related("zone", "category", "department__head", "assignee")
            .only(f"{kind}_due", *_SCANNED_REQUEST)
        )
        if not near:
            continue
        ServiceRequest.objects.filter(pk__in=[r.pk for r in near]).update(**{flag: True})
        admins = zone_admins_by_zone(r.zone_id for r in near)
        with override(settings.LANGUAGE_CODE):
            for request in near:
                due = getattr(request, f"{kind}_due")
                words = {"title": request.title, "deadline": DEADLINE_VERBS[kind], "due": due}
                title = (
                    _("Due today: “%(title)s” is to be %(deadline)s today (%(due)s)")
                    if due == today
                    else _("Due soon: “%(title)s” is to be %(deadline)s by %(due)s")
                ) % words
                users = {u for u in (request.assignee, _head(request)) if u is not None}
                digest.add(
                    users or admins.get(request.zone_id, []),
                    title,
                    "",
                    request.get_absolute_url(),
                )
        warned += len(near)
    return warned
