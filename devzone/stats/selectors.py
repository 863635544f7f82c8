"""Reads of economic monitoring: rankings, a zone's dashboard, comparisons,
chain shares. Pages, exports and the API all call these."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, FilteredRelation, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from devzone.core.models import Enterprise, Region, Zone

from . import figures
from .models import AnnualTarget, EnterpriseReport, Indicator, IndicatorValue, ReportStatus
from .periods import Period

if TYPE_CHECKING:
    from devzone.core.middleware import ZoneRequest
    from devzone.core.models import Enterprise, User
    from devzone.core.navigation import Panel, Todo

APPROVED = ReportStatus.APPROVED


@dataclass(frozen=True)
class PeerGroup:
    """Zones compared with each other: a region and optional zone type, level
    and category, e.g. 全市工业类经开区."""

    region: Region | None = None
    zone_type: str = ""
    level: str = ""
    category: str = ""

    def zones(self) -> QuerySet[Zone]:
        qs = Zone.objects.all()
        if self.region is not None:
            qs = qs.filter(region__code__startswith=self.region.code_prefix)
        if self.zone_type:
            qs = qs.filter(zone_type=self.zone_type)
        if self.level:
            qs = qs.filter(level=self.level)
        if self.category:
            qs = qs.filter(category=self.category)
        return qs

    def label(self) -> str:
        parts = [self.region.name if self.region else _("Nationwide")]
        if self.level:
            parts.append(str(Zone.Level(self.level).label))
        if self.category:
            parts.append(str(Zone.Category(self.category).label))
        if self.zone_type:
            parts.append(str(Zone.ZoneType(self.zone_type).label))
        return " · ".join(parts)


@dataclass(slots=True)
class RankRow:
    zone_id: int
    zone_name: str
    zone_short_name: str
    region_name: str
    value: Decimal | None
    stated_growth: Decimal | None
    rank: int | None
    tied: bool = False
    is_sample: bool = False  # the zone
    figure_is_sample: bool = False  # its figure, invented for the demo
    source_note: str = ""  # its figure's stated source

    @property
    def missing(self) -> bool:
        return self.value is None


def ranking(
    *, indicator: Indicator, period: Period, peers: PeerGroup, by: str = "total"
) -> list[RankRow]:
    """Every zone of the peer group with its approved figure and rank; zones
    that have not reported come last, without a rank. One query."""
    # One query: the peer zones LEFT JOINed to their approved figure.
    reported = FilteredRelation(
        "indicator_values",
        condition=Q(
            indicator_values__indicator=indicator,
            indicator_values__year=period.year,
            indicator_values__month=period.month,
            indicator_values__status=APPROVED,
        ),
    )
    zones = list(
        peers.zones()
        .order_by()
        .annotate(reported=reported)
        .values_list(
            "pk",
            "name",
            "short_name",
            "region__name",
            "is_sample",
            "reported__value",
            "reported__stated_growth",
            "reported__is_sample",
            "reported__source_note",
        )
    )
    metric = 5 if by == "total" else 6
    ranks = figures.rank(
        # metric: the value's or the growth's column.
        ((z[0], z[metric]) for z in zones),  # type: ignore[misc]
        higher_is_better=indicator.better == Indicator.Better.HIGHER,
    )
    counts: dict[int | None, int] = defaultdict(int)
    for r in ranks.values():
        counts[r] += 1
    rows = [
        RankRow(
            zone_id=z[0],
            zone_name=z[1],
            zone_short_name=z[2],
            region_name=z[3],
            value=z[5],
            stated_growth=z[6],
            rank=ranks.get(z[0]),
            tied=counts.get(ranks.get(z[0]), 0) > 1,
            is_sample=z[4],
            figure_is_sample=bool(z[7]),
            source_note=z[8] or "",
        )
        for z in zones
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.zone_name))
    return rows


@dataclass
class IndicatorCard:
    indicator: Indicator
    period: Period | None = None
    value: Decimal | None = None
    stated_growth: Decimal | None = None
    nominal_growth: Decimal | None = None
    growth_gap: bool = False
    rank_province: int | None = None
    peers_province: int = 0
    rank_city: int | None = None
    peers_city: int = 0
    target: Decimal | None = None
    completion: Decimal | None = None
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)
    growth_trend: list[tuple[str, Decimal | None]] = field(default_factory=list)  # stated, %
    # The latest figure's provenance: invented for the demo, or from a stated source.
    is_sample: bool = False
    source_note: str = ""
    # Each trend month's provenance, for the chart's tooltips: period → (is_sample, source).
    trend_provenance: dict[str, tuple[bool, str]] = field(default_factory=dict)

    @property
    def value_display(self) -> str:
        from .formatting import format_value

        return format_value(self.value, self.indicator)


def _province_and_city(zone: Zone) -> tuple[str, str]:
    code = zone.region.code
    return code[:2], code[:4]


def zone_dashboard(*, zone: Zone, months: int = 24) -> list[IndicatorCard]:
    """For each indicator: the zone's latest approved figure, stated and nominal
    growth, rank in province and in city, completion of the annual target and a
    trend. A fixed number of queries, whatever the data."""
    indicators = list(Indicator.objects.filter(is_active=True))
    latest = {}
    for ind_id, year, month in _latest_periods(zone):
        latest[ind_id] = Period(year, month)
    cards = {ind.pk: IndicatorCard(indicator=ind, period=latest.get(ind.pk)) for ind in indicators}
    if not latest:
        return list(cards.values())
    newest = max(latest.values())
    start = newest.shift(-(months - 1))
    own = (
        IndicatorValue.objects.order_by()
        .filter(zone=zone, status=APPROVED)
        .filter(Q(year__gt=start.year) | Q(year=start.year, month__gte=start.month))
        .filter(Q(year__lt=newest.year) | Q(year=newest.year, month__lte=newest.month))
    )
    own_values: dict[tuple[int, Period], tuple[Decimal, Decimal | None]] = {}
    provenance: dict[tuple[int, Period], tuple[bool, str]] = {}
    for v in own.values_list(
        "indicator_id", "year", "month", "value", "stated_growth", "is_sample", "source_note"
    ):
        own_values[(v[0], Period(v[1], v[2]))] = (v[3], v[4])
        provenance[(v[0], Period(v[1], v[2]))] = (v[5], v[6])
    # Last year's same periods, for nominal growth.
    last_year = _pairs_q({ind_id: p.last_year() for ind_id, p in latest.items()})
    base = {
        (ind_id, Period(y, m)): v
        for ind_id, y, m, v in IndicatorValue.objects.order_by()
        .filter(zone=zone, status=APPROVED)
        .filter(last_year)
        .values_list("indicator_id", "year", "month", "value")
    }
    # Peers in the province, for ranks in province and city.
    province, city = _province_and_city(zone)
    pairs = _pairs_q(latest)
    peer_values: dict[int, list[tuple[str, int, Decimal]]] = defaultdict(list)
    for ind_id, zone_id, code, value in (
        IndicatorValue.objects.order_by()
        .filter(status=APPROVED, zone__region__code__startswith=province)
        .filter(pairs)
        .values_list("indicator_id", "zone_id", "zone__region__code", "value")
    ):
        peer_values[ind_id].append((code, zone_id, value))
    targets = dict(
        AnnualTarget.objects.filter(
            zone=zone, year__in={p.year for p in latest.values()}
        ).values_list("indicator_id", "target")
    )
    for ind_id, period in latest.items():
        card = cards[ind_id]
        card.value, card.stated_growth = own_values.get((ind_id, period), (None, None))
        card.is_sample, card.source_note = provenance.get((ind_id, period), (False, ""))
        card.nominal_growth = figures.nominal_growth(
            card.value, base.get((ind_id, period.last_year()))
        )
        card.growth_gap = figures.growth_gap_flagged(card.stated_growth, card.nominal_growth)
        higher = card.indicator.better == Indicator.Better.HIGHER
        in_province = [(z, v) for _c, z, v in peer_values[ind_id]]
        in_city = [(z, v) for c, z, v in peer_values[ind_id] if c.startswith(city)]
        card.rank_province = figures.rank(in_province, higher).get(zone.pk)
        card.peers_province = len(in_province)
        card.rank_city = figures.rank(in_city, higher).get(zone.pk)
        card.peers_city = len(in_city)
        if period.year == newest.year or ind_id in targets:
            card.target = targets.get(ind_id)
            card.completion = figures.completion(card.value, card.target)
        trend_months = _months(start, newest)
        card.trend = [(str(p), own_values.get((ind_id, p), (None, None))[0]) for p in trend_months]
        card.growth_trend = [
            (str(p), own_values.get((ind_id, p), (None, None))[1]) for p in trend_months
        ]
        card.trend_provenance = {
            str(p): provenance[(ind_id, p)] for p in trend_months if (ind_id, p) in provenance
        }
    return list(cards.values())


def _pairs_q(periods: dict[int, Period]) -> Q:
    """Rows of these (indicator, period) pairs, grouped by period: one term per
    distinct period rather than one per indicator."""
    by_period: dict[Period, list[int]] = defaultdict(list)
    for ind_id, period in periods.items():
        by_period[period].append(ind_id)
    q = Q(pk__in=[])
    for period, ids in by_period.items():
        q |= Q(year=period.year, month=period.month, indicator_id__in=ids)
    return q


def _latest_periods(zone: Zone) -> list[tuple[int, int, int]]:
    """Latest approved period per indicator, in one query."""
    from django.db.models import F, Max

    rows = (
        IndicatorValue.objects.order_by()
        .filter(zone=zone, status=APPROVED)
        .annotate(key=F("year") * 100 + F("month"))
        .values("indicator_id")
        .annotate(latest=Max("key"))
        .values_list("indicator_id", "latest")
    )
    return [(ind_id, latest // 100, latest % 100) for ind_id, latest in rows]


def _months(start: Period, end: Period) -> list[Period]:
    from .periods import months_between

    return months_between(start, end)


def approved_value(*, zone: Zone, indicator: Indicator, period: Period) -> Decimal | None:
    return (
        IndicatorValue.objects.filter(
            zone=zone, indicator=indicator, year=period.year, month=period.month, status=APPROVED
        )
        .values_list("value", flat=True)
        .first()
    )


def chain_shares(*, zone: Zone, indicator: Indicator, period: Period) -> list[dict]:
    """Each chain's total of its members' approved enterprise reports and its
    share of the zone's figure. Two queries."""
    zone_value = approved_value(zone=zone, indicator=indicator, period=period)
    rows = (
        EnterpriseReport.objects.filter(
            indicator=indicator,
            year=period.year,
            month=period.month,
            status=APPROVED,
            enterprise__chain_memberships__chain__zone=zone,
        )
        .values(
            "enterprise__chain_memberships__chain_id", "enterprise__chain_memberships__chain__name"
        )
        .annotate(total=Sum("value"))
        .order_by("-total")
    )
    return [
        {
            "chain_id": r["enterprise__chain_memberships__chain_id"],
            "chain": r["enterprise__chain_memberships__chain__name"],
            "total": r["total"],
            "share": figures.share(r["total"], zone_value),
        }
        for r in rows
    ]


def enterprise_shares(*, zone: Zone, indicator: Indicator, period: Period) -> list[dict]:
    """Each enterprise's approved report and its share of the zone's figure."""
    zone_value = approved_value(zone=zone, indicator=indicator, period=period)
    rows = (
        EnterpriseReport.objects.filter(
            indicator=indicator,
            year=period.year,
            month=period.month,
            status=APPROVED,
            enterprise__zone=zone,
        )
        .values_list("enterprise_id", "enterprise__name", "value")
        .order_by("-value")
    )
    return [
        {"enterprise_id": e, "enterprise": n, "value": v, "share": figures.share(v, zone_value)}
        for e, n, v in rows
    ]


def comparison(*, zones: list[Zone], indicator: Indicator, start: Period, end: Period) -> dict:
    """The chosen zones' approved figures over time: {zone: [(period, value, growth)]},
    with each figure's provenance (sample, stated source)."""
    periods = _months(start, end)
    data: defaultdict[int, dict[Period, tuple]] = defaultdict(dict)
    provenance: defaultdict[int, dict[Period, tuple[bool, str]]] = defaultdict(dict)
    for zone_id, y, m, v, g, sample, source in (
        IndicatorValue.objects.order_by()
        .filter(zone__in=zones, indicator=indicator, status=APPROVED)
        .filter(Q(year__gt=start.year) | Q(year=start.year, month__gte=start.month))
        .filter(Q(year__lt=end.year) | Q(year=end.year, month__lte=end.month))
        .values_list(
            "zone_id", "year", "month", "value", "stated_growth", "is_sample", "source_note"
        )
    ):
        data[zone_id][Period(y, m)] = (v, g)
        provenance[zone_id][Period(y, m)] = (sample, source)
    return {
        "periods": [str(p) for p in periods],
        "series": [
            {
                "zone": z,
                "values": [data[z.pk].get(p, (None, None))[0] for p in periods],
                "growth": [data[z.pk].get(p, (None, None))[1] for p in periods],
                "provenance": [provenance[z.pk].get(p, (False, "")) for p in periods],
            }
            for z in zones
        ],
    }


def reportable_enterprises(user: User | AnonymousUser) -> QuerySet[Enterprise]:
    """Enterprises whose reports the user may write: an enterprise user's own
    company; the enterprises of a zone user's zones."""
    from devzone.core.models import Enterprise
    from devzone.core.scoping import scope_of

    scope = scope_of(user)
    if scope.enterprise_id is not None:
        return Enterprise.objects.filter(pk=scope.enterprise_id)
    return Enterprise.objects.editable_by(user)


# --- Ranking defaults and the zones one compares -------------------------------------------


def peer_zones(user: User | AnonymousUser) -> QuerySet[Zone]:
    """Zones whose approved figures a signed-in user sees ranked, and may
    therefore compare: every zone (approved figures are published, see the
    scope rule of IndicatorValue); only approved figures are read."""
    from devzone.core.scoping import scope_of

    return Zone.objects.all() if scope_of(user).authenticated else Zone.objects.none()


def default_peer_region(
    user: User | AnonymousUser, current_zone_id: int | None = None
) -> Region | None:
    """The peer group a user's board opens on: a region viewer's own region; a
    zone user's (or an enterprise user's) province; nationwide for the platform."""
    from devzone.core.scoping import scope_of

    scope = scope_of(user)
    if scope.region_prefix is not None:
        return user.region  # type: ignore[union-attr]  # a region viewer, signed in
    zone_ids = set(scope.zone_ids) or (
        {scope.enterprise_zone_id} if scope.enterprise_zone_id else set()
    )
    if current_zone_id in zone_ids:
        zone_ids = {current_zone_id}
    codes = sorted(
        Zone.objects.filter(pk__in=zone_ids).values_list("region__code", flat=True).distinct()
    )
    if not codes:
        return None
    return Region.objects.filter(level=Region.Level.PROVINCE, code=codes[0][:2] + "0000").first()


def default_period(
    *, indicator: Indicator, peers: PeerGroup, own_zone_ids: Iterable[int] = ()
) -> Period | None:
    """The newest period that at least half of the peer group has approved, so
    one early zone does not leave everyone else's board "not reported"; of
    those, the newest the user's own zone has approved too, so that a zone
    opens on its own latest figure (晋城: the seed's 1-6月); with fewer reports
    everywhere, the period most of them reported (newest first)."""
    from django.db.models import Count

    size = peers.zones().count()
    counts = list(
        IndicatorValue.objects.order_by()
        .filter(indicator=indicator, status=APPROVED, zone__in=peers.zones())
        .values("year", "month")
        .annotate(n=Count("pk"))
        .values_list("year", "month", "n")
    )
    if not counts:
        return None
    counts.sort(key=lambda c: (c[0], c[1]), reverse=True)
    most = [(year, month) for year, month, n in counts if 2 * n >= size]
    own = set(
        IndicatorValue.objects.filter(
            indicator=indicator, status=APPROVED, zone_id__in=list(own_zone_ids)
        ).values_list("year", "month")
    )
    for year, month in most:
        if not own or (year, month) in own:
            return Period(year, month)
    year, month, _n = max(counts, key=lambda c: (c[2], c[0], c[1]))
    return Period(year, month)


# --- Reporting status: zones × months --------------------------------------------------------


@dataclass(frozen=True)
class StatusCell:
    """How far a zone's figures of one month are: counts by status against the
    indicators the zone reports."""

    expected: int
    draft: int = 0
    submitted: int = 0
    approved: int = 0
    has_history: bool = True  # the zone has reported figures on the platform before

    @property
    def reported(self) -> int:
        return self.draft + self.submitted + self.approved

    @property
    def status(self) -> str:
        """empty, draft, submitted or approved: the least advanced figure decides."""
        if not self.reported:
            return "empty"
        if self.draft:
            return ReportStatus.DRAFT
        if self.submitted:
            return ReportStatus.SUBMITTED
        return ReportStatus.APPROVED

    @property
    def complete(self) -> bool:
        return self.reported >= self.expected


def status_matrix(
    *, user: User | AnonymousUser, zone_ids: list[int], periods: list[Period]
) -> dict:
    """{(zone id, period): StatusCell} for the figures the user may see. A zone
    reports the indicators it had figures for in the twelve months before the
    last period (every active indicator if none); January leaves out the
    surveys that start at 1-2月. Four queries, whatever the number of cells."""
    from django.db.models import Count

    if not zone_ids or not periods:
        return {}
    start, end = min(periods), max(periods)
    visible = IndicatorValue.objects.visible_to(user).order_by().filter(zone_id__in=zone_ids)
    indicators = dict(
        Indicator.objects.filter(is_active=True).values_list("pk", "january_reported")
    )

    def between(first: Period, last: Period) -> Q:
        return (Q(year__gt=first.year) | Q(year=first.year, month__gte=first.month)) & (
            Q(year__lt=last.year) | Q(year=last.year, month__lte=last.month)
        )

    reports: dict[int, set[int]] = defaultdict(set)
    for zone_id, ind_id in (
        visible.filter(between(start.shift(-12), end), indicator_id__in=indicators)
        .values_list("zone_id", "indicator_id")
        .distinct()
    ):
        reports[zone_id].add(ind_id)
    counts: dict[tuple[int, Period], dict[str, int]] = defaultdict(dict)
    for zone_id, year, month, status, n in (
        visible.filter(between(start, end), indicator_id__in=indicators)
        .values("zone_id", "year", "month", "status")
        .annotate(n=Count("pk"))
        .values_list("zone_id", "year", "month", "status", "n")
    ):
        counts[(zone_id, Period(year, month))][status] = n
    reporting = set(visible.values_list("zone_id", flat=True).distinct())
    cells = {}
    for zone_id in zone_ids:
        has_history = zone_id in reporting
        reported = reports.get(zone_id) or set(indicators)
        for period in periods:
            expected = sum(1 for i in reported if period.month > 1 or indicators[i])
            c = counts.get((zone_id, period), {})
            cells[(zone_id, period)] = StatusCell(
                expected=expected,
                draft=c.get(ReportStatus.DRAFT, 0),
                submitted=c.get(ReportStatus.SUBMITTED, 0),
                approved=c.get(ReportStatus.APPROVED, 0),
                has_history=has_history,
            )
    return cells


def due_period(today: date | None = None) -> Period:
    """The month whose figures are being reported now: last month."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return Period(today.year, today.month).shift(-1)


def todos(request: ZoneRequest) -> list[Todo]:
    """The home page's counts: the user's zones whose last month is still due
    (nothing or drafts only; of the zones that report on the platform, i.e. have
    figures here), and months of figures waiting for the user's approval."""
    from django.urls import reverse

    from devzone.core.navigation import Todo
    from devzone.core.scoping import scope_of

    scope = scope_of(request.user)
    zone_ids = sorted(scope.zone_ids)
    if request.current_zone_id in scope.zone_ids:
        zone_ids = [request.current_zone_id]
    if not zone_ids:
        return []
    period = due_period()
    matrix = status_matrix(user=request.user, zone_ids=zone_ids, periods=[period])
    due = [
        z
        for z in zone_ids
        if matrix[(z, period)].has_history
        and matrix[(z, period)].status in ("empty", ReportStatus.DRAFT)
    ]
    approvable = [
        z.pk
        for z in Zone.objects.filter(pk__in=zone_ids).select_related("region")
        if figures.can_approve(request.user, z)
    ]
    waiting = list(
        IndicatorValue.objects.order_by()
        .filter(zone_id__in=approvable, status=ReportStatus.SUBMITTED)
        .values_list("zone_id", "year", "month")
        .distinct()[:1000]
    )
    matrix_url = reverse("stats:entry_index")

    def link(pairs: list[tuple[int, Period]]) -> str:
        if len(pairs) == 1:
            zone_id, p = pairs[0]
            return reverse("stats:entry", args=[zone_id, str(p)])
        return f"{matrix_url}?end={max(p for _z, p in pairs)}" if pairs else matrix_url

    return [
        Todo(
            _("Figures due for %(period)s") % {"period": period},
            len(due),
            link([(z, period) for z in due]),
        ),
        Todo(
            _("Months of figures awaiting approval"),
            len(waiting),
            link([(z, Period(y, m)) for z, y, m in waiting]),
        ),
    ]


# --- Home-page panels --------------------------------------------------------------------------

HEADLINE_CODES = ("industrial_value_added", "industrial_investment", "fixed_asset_investment")


def home_headline(request: ZoneRequest) -> Panel | None:
    """For zone staff and admins: their zone's headline figures with growth,
    rank in province and city and the annual target's completion."""
    from devzone.core.navigation import Panel
    from devzone.core.scoping import scope_of

    scope = scope_of(request.user)
    if not scope.is_zone_member or not scope.zone_ids:
        return None
    zone_id = request.current_zone_id if request.current_zone_id in scope.zone_ids else None
    zone = Zone.objects.select_related("region").filter(pk=zone_id or min(scope.zone_ids)).first()
    if zone is None:
        return None
    cards = [
        card
        for card in zone_dashboard(zone=zone, months=1)
        if card.indicator.code in HEADLINE_CODES and card.value is not None
    ]
    cards.sort(key=lambda c: HEADLINE_CODES.index(c.indicator.code))
    return Panel("stats/_home_headline.html", {"zone": zone, "cards": cards})


@dataclass(frozen=True)
class RegionSummary:
    indicator: Indicator
    period: Period
    reported: int
    missing: list[RankRow]
    leader: RankRow | None
    laggard: RankRow | None
    fastest: RankRow | None
    fall: RankRow | None


def region_summary(
    *, region: Region | None, codes: tuple[str, ...] = HEADLINE_CODES[:2]
) -> list[RegionSummary]:
    """For an indicator, the region's zones at the period most have reported:
    the leader and the laggard, the fastest growth and the biggest fall, and
    which zones have not reported."""
    peers = PeerGroup(region=region)
    result = []
    for indicator in Indicator.objects.filter(code__in=codes):
        period = default_period(indicator=indicator, peers=peers)
        if period is None:
            continue
        rows = ranking(indicator=indicator, period=period, peers=peers)
        reported = [r for r in rows if not r.missing]
        growing = sorted(
            (r for r in reported if r.stated_growth is not None),
            key=lambda r: r.stated_growth,  # type: ignore[arg-type,return-value]  # None left out
            reverse=True,
        )
        # Rows without a stated growth are left out of growing.
        fall = growing[-1] if growing and growing[-1].stated_growth < 0 else None  # type: ignore[operator]
        result.append(
            RegionSummary(
                indicator=indicator,
                period=period,
                reported=len(reported),
                missing=[r for r in rows if r.missing],
                leader=reported[0] if reported else None,
                laggard=reported[-1] if len(reported) > 1 else None,
                fastest=growing[0] if growing else None,
                fall=fall,
            )
        )
    result.sort(key=lambda s: codes.index(s.indicator.code))
    return result


def home_region(request: ZoneRequest) -> Panel | None:
    """For region viewers and the platform admin: the region's summary."""
    from devzone.core.navigation import Panel
    from devzone.core.scoping import scope_of

    scope = scope_of(request.user)
    if scope.is_zone_member or scope.enterprise_zone_id:
        return None
    region = default_peer_region(request.user, request.current_zone_id)
    summaries = region_summary(region=region)
    return Panel("stats/_home_region.html", {"region": region, "summaries": summaries})


# --- Audit facts: the registry's and the enterprises' own figures ---------------------------
# Registered in ``StatsConfig.ready`` (``facts.register_fact``), beside other apps' sources.


def registry_above_scale(
    zone_ids: list[int], year: int, month: int, indicator_code: str
) -> dict[int, Decimal]:
    # A zone whose registry is still empty has nothing to compare with yet.
    kept = set(
        Enterprise.objects.filter(zone_id__in=zone_ids).values_list("zone_id", flat=True).distinct()
    )
    counts = dict.fromkeys(kept, Decimal(0))
    rows = (
        Enterprise.objects.filter(zone_id__in=zone_ids, scale=Enterprise.Scale.ABOVE)
        .values("zone_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["zone_id"]] = Decimal(row["n"])
    return counts


def enterprise_reports_total(
    zone_ids: list[int], year: int, month: int, indicator_code: str
) -> dict[int, Decimal]:
    rows = (
        EnterpriseReport.objects.filter(
            enterprise__zone_id__in=zone_ids,
            indicator__code=indicator_code,
            year=year,
            month=month,
            status=ReportStatus.APPROVED,
        )
        .values("enterprise__zone_id")
        .annotate(total=Sum("value"))
    )
    return {row["enterprise__zone_id"]: row["total"] for row in rows}
