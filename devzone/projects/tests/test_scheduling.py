"""Properties of the backward and forward passes (倒排工期)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devzone.projects.scheduling import (
    Dependency,
    ScheduleError,
    Task,
    WorkCalendar,
    inclusive,
    schedule,
)

pytestmark = pytest.mark.django_db  # the official calendar reads entered days

WEEKDAYS = WorkCalendar(lambda d: d.weekday() < 5)
START = date(2024, 3, 1)


@st.composite
def projects(draw, max_tasks=25):
    n = draw(st.integers(min_value=1, max_value=max_tasks))
    tasks = [
        Task(f"t{i}", draw(st.integers(min_value=0, max_value=12)), draw(st.booleans()))
        for i in range(n)
    ]
    deps = []
    for j in range(1, n):
        for i in draw(st.sets(st.integers(min_value=0, max_value=j - 1), max_size=3)):
            deps.append(Dependency(f"t{i}", f"t{j}", draw(st.integers(min_value=0, max_value=3))))
    return tasks, deps


@settings(max_examples=150, deadline=None)
@given(projects(), st.integers(min_value=-30, max_value=60))
def test_passes_respect_dependencies_and_the_deadline(project, margin):
    tasks, deps = project
    loose = schedule(tasks, deps, start=START, calendar=WEEKDAYS)
    deadline = inclusive(loose.finish) + timedelta(days=margin)
    try:
        result = schedule(tasks, deps, start=START, deadline=deadline, calendar=WEEKDAYS)
    except ScheduleError as error:
        # Infeasible only when the deadline comes before the earliest finish, naming tasks.
        assert deadline < inclusive(loose.finish) and error.tasks
        return
    assert deadline >= inclusive(loose.finish) or loose.finish == START
    for dates in result.tasks.values():
        assert dates.latest_start >= dates.earliest_start  # feasible: LS ≥ ES
        assert dates.latest_finish <= deadline + timedelta(days=1)
        assert dates.slack == (dates.latest_start - dates.earliest_start).days
    for dep in deps:
        before, after = result.tasks[dep.before], result.tasks[dep.after]
        assert after.earliest_start >= before.earliest_finish + timedelta(days=dep.lag)
        assert after.latest_start >= before.latest_finish + timedelta(days=dep.lag)


@settings(max_examples=150, deadline=None)
@given(projects())
def test_zero_slack_exactly_on_the_critical_path(project):
    tasks, deps = project
    result = schedule(tasks, deps, start=START, calendar=WEEKDAYS)
    zero = {k for k, d in result.tasks.items() if d.slack == 0}
    critical = set(result.critical_path)
    assert critical == {k for k, d in result.tasks.items() if d.critical}
    # The critical path reaches the project's finish.
    assert any(result.tasks[k].earliest_finish == result.finish for k in zero)
    if not any(t.working_days for t in tasks):
        # In calendar days: zero slack exactly on the critical path.
        assert zero == critical
    else:
        # Working days snap to working days: a task next to one on the path may
        # show a weekend of slack on paper and still be on it.
        assert zero <= critical


def test_a_chain_across_a_weekend_stays_critical():
    # "a" ends on a Saturday; "b" counts working days and starts on Monday.
    # "a" shows one day of slack (Sunday) but drives "b": both are critical.
    tasks = [Task("a", 1), Task("b", 2, working_days=True), Task("c", 1)]
    deps = [Dependency("a", "b")]
    result = schedule(tasks, deps, start=date(2024, 3, 2), calendar=WEEKDAYS)
    assert result.tasks["b"].slack == 0
    assert result.critical_path == ["a", "b"]
    assert not result.tasks["c"].critical


def test_backward_pass_from_a_deadline():
    tasks = [Task("design", 10), Task("build", 30), Task("fit_out", 15), Task("permit", 5)]
    deps = [
        Dependency("design", "build"),
        Dependency("build", "fit_out", lag=2),
        Dependency("permit", "build"),
    ]
    result = schedule(tasks, deps, start=date(2024, 6, 1), deadline=date(2024, 10, 31))
    fit_out = result.tasks["fit_out"]
    assert inclusive(fit_out.latest_finish) == date(2024, 10, 31)
    assert fit_out.latest_start == date(2024, 10, 17)
    assert result.tasks["build"].latest_finish == date(2024, 10, 15)  # two days' lag
    assert result.critical_path == ["design", "build", "fit_out"]
    assert result.tasks["permit"].slack == result.tasks["design"].slack + 5


def test_working_days_follow_the_official_calendar():
    # National Day 2024: 1-7 October off; Saturday 12 October is a make-up working day.
    result = schedule([Task("a", 3, working_days=True)], [], start=date(2024, 9, 30))
    dates = result.tasks["a"]
    assert dates.earliest_start == date(2024, 9, 30)
    assert inclusive(dates.earliest_finish) == date(2024, 10, 9)  # 30 Sep, 8 Oct, 9 Oct
    result = schedule([Task("b", 4, working_days=True)], [], start=date(2024, 10, 9))
    assert inclusive(result.tasks["b"].earliest_finish) == date(2024, 10, 12)


def test_cycle_is_refused_naming_its_tasks():
    tasks = [Task("a", 1, name="土建"), Task("b", 1, name="安装"), Task("c", 1, name="验收")]
    deps = [Dependency("a", "b"), Dependency("b", "c"), Dependency("c", "b")]
    with pytest.raises(ScheduleError) as caught:
        schedule(tasks, deps, start=START)
    assert caught.value.tasks == ["b", "c"]
    assert "安装" in str(caught.value) and "验收" in str(caught.value)


def test_impossible_deadline_names_the_late_tasks():
    tasks = [Task("a", 10, name="主体"), Task("b", 10, name="装修"), Task("c", 1)]
    deps = [Dependency("a", "b")]
    with pytest.raises(ScheduleError) as caught:
        schedule(tasks, deps, start=START, deadline=START + timedelta(days=14))
    assert set(caught.value.tasks) == {"a", "b"}
    assert "5" in str(caught.value)  # 20 days of work, 15 days until the deadline


def test_unknown_tasks_and_negative_values_are_refused():
    with pytest.raises(ScheduleError):
        schedule([Task("a", 1)], [Dependency("a", "zzz")], start=START)
    with pytest.raises(ScheduleError):
        schedule([Task("a", -1)], [], start=START)
    with pytest.raises(ScheduleError):
        schedule([Task("a", 1), Task("b", 1)], [Dependency("a", "b", lag=-2)], start=START)
