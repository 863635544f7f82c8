"""Pages of economic monitoring: ranking board, zone dashboard, comparison, and
the province template exchange (the entry pages are in entry_views.py)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from devzone.core.exporting import FORMATS, write_xlsx
from devzone.core.models import Zone
from devzone.core.responses import file_response
from devzone.core.scoping import scope_of, sees_whole_zone

from . import exchange, figures, selectors, services
from .facts import ROLLUPS
from .formatting import in_display_unit
from .forms import CompareForm, RankingForm
from .models import Indicator
from .periods import Period


def _enterable_zones(user):
    from devzone.core.scoping import creatable_zones

    scope = scope_of(user)
    if scope.region_prefix is not None:
        return Zone.objects.filter(region__code__startswith=scope.region_prefix)
    return creatable_zones(user)


def _period_or_404(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise Http404 from exc


# --- Ranking board -----------------------------------------------------------------------


def _own_zone_ids(user) -> set[int]:
    scope = scope_of(user)
    if scope.enterprise_zone_id:
        return {scope.enterprise_zone_id}
    return set(scope.zone_ids)


def _default_ranking_params(request) -> dict:
    """The board a user opens on: 规上工业增加值 in the user's own peer group
    (province, or a viewer's region), for the newest period most peers reported."""
    indicator = (
        Indicator.objects.filter(code="industrial_value_added").first() or Indicator.objects.first()
    )
    region = selectors.default_peer_region(request.user, request.current_zone_id)
    period = (
        selectors.default_period(
            indicator=indicator,
            peers=selectors.PeerGroup(region=region),
            own_zone_ids=_own_zone_ids(request.user),
        )
        if indicator
        else None
    )
    return {
        "indicator": indicator.pk if indicator else "",
        "period": str(period) if period else "",
        "region": region.pk if region else "",
        "by": "total",
    }


def _ranking_params(request):
    """What the board shows: what the user chose; with no indicator chosen, the
    board they open on; with no period chosen, the chosen indicator and peer
    group at the period the same rule picks (``selectors.default_period``)."""
    if not request.GET.get("indicator"):
        return _default_ranking_params(request)
    params = request.GET
    if params.get("period"):
        return params
    form = RankingForm(params)
    form.fields["period"].required = False
    if not form.is_valid():
        return params  # the form reports what is wrong
    period = selectors.default_period(
        indicator=form.cleaned_data["indicator"],
        peers=_peers(form.cleaned_data),
        own_zone_ids=_own_zone_ids(request.user),
    )
    if period is None:
        return params
    params = params.copy()
    params["period"] = str(period)
    return params


def _peers(data: dict) -> selectors.PeerGroup:
    return selectors.PeerGroup(
        region=data.get("region"),
        zone_type=data.get("zone_type") or "",
        level=data.get("level") or "",
        category=data.get("category") or "",
    )


def ranking_data(form) -> tuple[list, selectors.PeerGroup]:
    data = form.cleaned_data
    peers = _peers(data)
    rows = selectors.ranking(
        indicator=data["indicator"], period=data["period"], peers=peers, by=data["by"]
    )
    return rows, peers


def _ranking_table(rows, indicator, own: set[int], as_text: bool = False) -> list[dict]:
    """The ranking as the page and the API show it; ``as_text`` gives numbers as
    decimal strings (exact, and fast to encode as JSON)."""
    divisor = indicator.divisor
    quantum = Decimal(1).scaleb(-indicator.decimals)

    def shown(value):
        if value is None:
            return None
        value = (value / divisor).quantize(quantum)
        return str(value) if as_text else value

    return [
        {
            "rank": r.rank,
            "tied": r.tied,
            "zone_id": r.zone_id,
            "zone": r.zone_name,
            "short": r.zone_short_name,
            "region": r.region_name,
            "value": shown(r.value),
            "growth": (str(r.stated_growth) if as_text else r.stated_growth)
            if r.stated_growth is not None
            else None,
            "own": r.zone_id in own,
            "missing": r.missing,
            "is_sample": r.is_sample,
            "figure_is_sample": r.figure_is_sample or r.is_sample,
            "source_note": "" if r.missing else r.source_note,
        }
        for r in rows
    ]


@login_required
def ranking(request):
    params = _ranking_params(request)
    form = RankingForm(params)
    rows, peers, table = [], None, []
    if form.is_valid():
        rows, peers = ranking_data(form)
        indicator = form.cleaned_data["indicator"]
        table = _ranking_table(rows, indicator, _own_zone_ids(request.user))
        if request.GET.get("format") == "xlsx":
            headers = [
                _("rank"),
                _("zone"),
                _("region"),
                f"{indicator.name}（{indicator.display_unit}）",
                _("stated growth (%)"),
                _("Sample"),
                _("Source"),
            ]
            data = [
                [
                    r["rank"] if r["rank"] is not None else _("not reported"),
                    r["zone"],
                    r["region"],
                    r["value"] if r["value"] is not None else "",
                    r["growth"] if r["growth"] is not None else "",
                    *_provenance_cells(
                        r["figure_is_sample"] and not r["missing"], r["source_note"]
                    ),
                ]
                for r in table
            ]
            return file_response(
                write_xlsx(headers, data, _("Ranking")),
                f"ranking-{indicator.code}-{form.cleaned_data['period']}.xlsx",
                FORMATS["xlsx"],
            )
    return render(
        request,
        "stats/ranking.html",
        {
            "form": form,
            "table": table,
            "peers": peers,
            "query": params.urlencode() if hasattr(params, "urlencode") else _urlencode(params),
            "indicator": form.cleaned_data.get("indicator") if form.is_valid() else None,
            "period": form.cleaned_data.get("period") if form.is_valid() else None,
            "chart": _ranking_chart(table, form) if table else None,
            # A zone's name links to its dashboard only where the user may open it.
            "dashboard_ids": set(
                Zone.objects.visible_to(request.user)
                .filter(pk__in=[r["zone_id"] for r in table])
                .values_list("pk", flat=True)
            ),
        },
    )


def _urlencode(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _provenance_cells(is_sample: bool, source: str) -> list[str]:
    """A figure's sample mark and stated source, as two spreadsheet cells."""
    return [_("Sample") if is_sample else "", "" if is_sample else source]


def _series_provenance_cells(
    periods: list[str], values: list, provenance: list[tuple[bool, str]]
) -> list[str]:
    """A row of figures over time, as two spreadsheet cells: the periods whose
    figure is a sample, and each stated figure's source with its period."""
    shown = [
        (period, sample, source)
        for period, value, (sample, source) in zip(periods, values, provenance, strict=True)
        if value is not None
    ]
    samples = [period for period, sample, _source in shown if sample]
    sources = [f"{period}: {source}" for period, sample, source in shown if not sample and source]
    return [
        f"{_('Sample')}: {', '.join(samples)}" if samples else "",
        "; ".join(sources),
    ]


def _chart_provenance(points: list[tuple[bool, str]]) -> dict:
    """Per point of a chart: whether it is a sample and the source it states;
    the tooltip shows the 示例 mark or the source (static/devzone/charts.js)."""
    return {
        "samples": [bool(sample) for sample, _source in points],
        "sources": [source if not sample else "" for sample, source in points],
        "sample_label": _("Sample"),
        "source_label": _("Source"),
    }


def _ranking_chart(table, form) -> dict:
    by_growth = form.cleaned_data["by"] == "growth"
    shown = [r for r in table if not r["missing"]][:40]
    return {
        "type": "bar",
        "title": form.cleaned_data["indicator"].name,
        "categories": [r["short"] or r["zone"] for r in shown],
        "values": [
            float(r["growth"] if by_growth else r["value"])
            if (r["growth"] if by_growth else r["value"]) is not None
            else None
            for r in shown
        ],
        "highlight": [r["own"] for r in shown],
        **_chart_provenance([(r["figure_is_sample"], r["source_note"]) for r in shown]),
        "unit": "%" if by_growth else form.cleaned_data["indicator"].display_unit,
    }


# --- Zone dashboard ----------------------------------------------------------------------


@login_required
def dashboard_index(request):
    zones = (
        Zone.objects.visible_to(request.user)
        .select_related("region")
        .order_by("region__code", "name")
    )
    if request.current_zone_id:
        return redirect("stats:dashboard", zone_id=request.current_zone_id)
    zone_list = list(zones[:200])
    if len(zone_list) == 1:
        return redirect("stats:dashboard", zone_id=zone_list[0].pk)
    return render(request, "stats/dashboard_index.html", {"zones": zone_list})


@login_required
def dashboard(request, zone_id):
    zone = get_object_or_404(
        Zone.objects.visible_to(request.user).select_related("region__parent"), pk=zone_id
    )
    cards = selectors.zone_dashboard(zone=zone)
    reported = [c for c in cards if c.period is not None]
    if request.GET.get("format") == "xlsx":
        headers = [
            _("indicator"),
            _("period"),
            _("value"),
            _("unit"),
            _("stated growth (%)"),
            _("nominal growth (%)"),
            _("rank in province"),
            _("rank in city"),
            _("target completion (%)"),
            _("Sample"),
            _("Source"),
        ]
        data = [
            [
                c.indicator.name,
                str(c.period),
                in_display_unit(c.value, c.indicator) or "",
                c.indicator.display_unit,
                c.stated_growth if c.stated_growth is not None else "",
                c.nominal_growth if c.nominal_growth is not None else "",
                c.rank_province or "",
                c.rank_city or "",
                c.completion if c.completion is not None else "",
                *_provenance_cells(c.is_sample, c.source_note),
            ]
            for c in reported
        ]
        return file_response(
            write_xlsx(headers, data, zone.short_name or zone.name),
            f"dashboard-{zone.pk}.xlsx",
            FORMATS["xlsx"],
        )
    # Chains' and companies' output and projects' investment are other
    # companies' figures: only for who reads the whole zone, not an enterprise.
    whole_zone = sees_whole_zone(request.user, zone)
    output = Indicator.objects.filter(code="industrial_output").first() if whole_zone else None
    chain_rows, enterprise_rows, share_period = [], [], None
    if output is not None:
        share_period = next(
            (c.period for c in cards if c.indicator.pk == output.pk and c.period), None
        )
        if share_period:
            chain_rows = [
                {**row, "value": in_display_unit(row["total"], output)}
                for row in selectors.chain_shares(zone=zone, indicator=output, period=share_period)
            ]
            enterprise_rows = [
                {**row, "value": in_display_unit(row["value"], output)}
                for row in selectors.enterprise_shares(
                    zone=zone, indicator=output, period=share_period
                )[:10]
            ]
    rollup = _project_rollup(zone, reported) if whole_zone else []
    charts = {c.indicator.pk: _trend_chart(c, zone) for c in reported}
    return render(
        request,
        "stats/dashboard.html",
        {
            "zone": zone,
            "cards": [
                (
                    c,
                    in_display_unit(c.value, c.indicator),
                    charts[c.indicator.pk],
                    f"trend-{c.indicator.pk}",
                )
                for c in reported
            ],
            "chain_rows": chain_rows,
            "enterprise_rows": enterprise_rows,
            "chain_period": share_period,
            "output_indicator": output,
            "rollup": rollup,
        },
    )


def _trend_chart(card, zone) -> dict:
    """A card's chart: the figure as reported (cumulative for flows, the level
    for stocks), each month's own figure (flows) and the stated growth, each
    from its first figure on, in the card's display unit."""
    indicator = card.indicator

    def view(key, label, points, unit, kind, derived=False):
        points = figures.from_first_figure(points)
        provenance = [card.trend_provenance.get(str(p), (False, "")) for p, _v in points]
        if derived:
            # A month's own figure is the difference of two cumulative ones:
            # a sample if either is.
            provenance = [
                (sample or (i > 0 and provenance[i - 1][0]), "" if i == 0 else source)
                for i, (sample, source) in enumerate(provenance)
            ]
        return {
            **_chart_provenance(provenance),
            "key": key,
            "label": label,
            "type": kind,
            "unit": unit,
            "categories": [str(p) for p, _v in points],
            "values": [
                (float(v) if unit == "%" else float(in_display_unit(v, indicator)))
                if v is not None
                else None
                for _p, v in points
            ],
        }

    level = [(Period.parse(p), v) for p, v in card.trend]
    flow = indicator.kind == Indicator.Kind.FLOW
    views = [
        view(
            "level",
            _("Cumulative") if flow else _("Month-end"),
            level,
            indicator.display_unit,
            "line",
        )
    ]
    if flow:
        monthly = figures.monthly_from_cumulative(level, indicator.january_reported)
        views.append(
            view("monthly", _("Monthly"), monthly, indicator.display_unit, "bar", derived=True)
        )
    growth = [(Period.parse(p), g) for p, g in card.growth_trend]
    views.append(view("growth", _("Growth (%)"), growth, "%", "bar"))
    return {
        "title": indicator.name,
        "compact": True,
        "filename": f"{zone.short_name or zone.name}-{indicator.name}",
        "empty": _("No figures to chart."),
        "views": views,
        **views[0],
    }


def _project_rollup(zone, cards) -> list[dict]:
    """What the zone's projects reported, beside its 工业投资 and 固定资产投资
    (registered by the projects app: statistics imports nothing above it)."""
    investment_rollup = ROLLUPS.get("project_investment")
    if investment_rollup is None:
        return []
    by_code = {c.indicator.code: c for c in cards}
    rows = investment_rollup(
        zone_id=zone.pk,
        cards={code: (c.period.year, c.period.month, c.value) for code, c in by_code.items()},
    )
    for row in rows:
        card = by_code[row["code"]]
        indicator = card.indicator
        row["indicator"] = indicator
        row["zone_is_sample"], row["zone_source"] = card.is_sample, card.source_note
        row["zone_display"] = in_display_unit(row["zone_value"], indicator)
        row["total_display"] = in_display_unit(row["total"], indicator)
        for p in row["projects"]:
            p["display"] = in_display_unit(p["amount"], indicator)
    return rows


# --- Comparison --------------------------------------------------------------------------


@login_required
def compare(request):
    zones = selectors.peer_zones(request.user).order_by("region__code", "name")
    form = CompareForm(request.GET or None, zones=zones)
    result = chart = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        result = selectors.comparison(
            zones=list(data["zones"]),
            indicator=data["indicator"],
            start=data["start"],
            end=data["end"],
        )
        indicator = data["indicator"]
        if request.GET.get("format") == "xlsx":
            headers = [_("zone"), *result["periods"], _("Sample"), _("Source")]
            rows = [
                [
                    s["zone"].name,
                    *[in_display_unit(v, indicator) if v is not None else "" for v in s["values"]],
                    *_series_provenance_cells(result["periods"], s["values"], s["provenance"]),
                ]
                for s in result["series"]
            ]
            return file_response(
                write_xlsx(headers, rows, _("Comparison")),
                f"compare-{indicator.code}.xlsx",
                FORMATS["xlsx"],
            )
        chart = {
            "type": "lines",
            "title": indicator.name,
            "unit": indicator.display_unit,
            "categories": result["periods"],
            "series": [
                {
                    "name": s["zone"].short_name or s["zone"].name,
                    "values": [
                        float(in_display_unit(v, indicator)) if v is not None else None
                        for v in s["values"]
                    ],
                    **_chart_provenance(s["provenance"]),
                }
                for s in result["series"]
            ],
            "sample_label": _("Sample"),
            "source_label": _("Source"),
        }
        # The table shows each figure at the indicator's precision (2.20, not
        # the chart's 2.2), as the ranking board and the dashboard do.
        rows = [
            (
                s["zone"].short_name or s["zone"].name,
                [
                    (in_display_unit(v, indicator), sample, source)
                    for v, (sample, source) in zip(s["values"], s["provenance"], strict=True)
                ],
            )
            for s in result["series"]
        ]
    else:
        rows = []
    return render(
        request,
        "stats/compare.html",
        {
            "form": form,
            "result": result,
            "chart": chart,
            "rows": rows,
            "query": request.GET.urlencode(),
        },
    )


# --- Province template -----------------------------------------------------------------------


@login_required
def exchange_page(request):
    zones = _enterable_zones(request.user)
    report = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file."))
        else:
            try:
                report = exchange.template_import(
                    user=request.user,
                    name=upload.name,
                    # Enough to know it is too large, not the whole upload.
                    content=upload.read(settings.IMPORT_MAX_BYTES + 1),
                    write="write" in request.POST,
                )
            except exchange.ImportFileError as exc:
                messages.error(request, str(exc))
            else:
                if report.errors:
                    messages.error(
                        request,
                        _("Nothing was written: %(n)s problems.") % {"n": len(report.errors)},
                    )
                elif report.written:
                    messages.success(
                        request, _("%(n)s figures written as drafts.") % {"n": report.written}
                    )
                else:
                    messages.info(
                        request,
                        _("The file is valid: %(n)s figures would be written.")
                        % {"n": report.valid},
                    )
    return render(
        request,
        "stats/exchange.html",
        {
            "report": report,
            "zone_count": zones.count(),
            "indicators": Indicator.objects.filter(is_active=True),
        },
    )


@login_required
def exchange_download(request):
    try:
        periods = [Period.parse(p) for p in request.GET.getlist("period") if p] or [Period(2024, 6)]
    except ValueError as exc:
        raise Http404 from exc
    if len(periods) > 24:
        raise Http404
    zones = _enterable_zones(request.user)
    content = exchange.template_export(zones=zones, periods=periods, user=request.user)
    return file_response(content, f"province-template-{periods[0]}.xlsx", FORMATS["xlsx"])


@login_required
@require_POST
def report_action(request, pk, action):
    from .models import EnterpriseReport

    report = get_object_or_404(
        EnterpriseReport.objects.visible_to(request.user).select_related(
            "enterprise__zone__region"
        ),
        pk=pk,
    )
    try:
        services.report_advance(report=report, user=request.user, action=action)
    except ValidationError as exc:
        raise Http404 from exc
    messages.success(
        request, _("The report is now: %(status)s.") % {"status": report.get_status_display()}
    )
    return redirect(report.get_absolute_url())
