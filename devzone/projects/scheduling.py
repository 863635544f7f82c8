"""Project schedules (倒排工期): the forward pass from the start (earliest dates),
the backward pass from the deadline (latest dates), slack and the critical path.

Tasks depend on each other finish-to-start, with a lag in days. A task counts
calendar days, or working days on China's official calendar (with its 调休
make-up days). Dates are half-open inside: a task occupies [start, finish), so
a one-day task that starts on the 1st finishes (exclusively) on the 2nd; pages
show the inclusive last day."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from devzone.core.workdays import WorkCalendar, official_workday  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class Task:
    key: str
    duration: int  # days (calendar or working), 0 for a milestone
    working_days: bool = False
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.key


@dataclass(frozen=True)
class Dependency:
    before: str
    after: str
    lag: int = 0  # days after the predecessor finishes


@dataclass(frozen=True)
class TaskDates:
    earliest_start: date
    earliest_finish: date  # exclusive
    latest_start: date
    latest_finish: date  # exclusive
    slack: int  # days the task may slip (latest start − earliest start)
    critical: bool


@dataclass(frozen=True)
class Schedule:
    tasks: dict[str, TaskDates]
    start: date
    finish: date  # exclusive end of the last task
    deadline: date | None
    critical_path: list[str]


class ScheduleError(ValueError):
    """The schedule cannot be computed; ``tasks`` names the tasks concerned."""

    def __init__(self, message: str, tasks: Iterable[str] = ()):
        super().__init__(message)
        self.tasks = list(tasks)


def _order(tasks: dict[str, Task], dependencies: list[Dependency]) -> list[str]:
    """Tasks in dependency order; a cycle is an error naming its tasks."""
    unknown = sorted({k for d in dependencies for k in (d.before, d.after) if k not in tasks})
    if unknown:
        raise ScheduleError(
            _("Dependencies name unknown tasks: %(tasks)s.") % {"tasks": "、".join(unknown)},
            unknown,
        )
    indegree = dict.fromkeys(tasks, 0)
    successors: dict[str, list[str]] = defaultdict(list)
    for dep in dependencies:
        successors[dep.before].append(dep.after)
        indegree[dep.after] += 1
    queue = deque(k for k, n in indegree.items() if n == 0)
    order = []
    while queue:
        key = queue.popleft()
        order.append(key)
        for nxt in successors[key]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                queue.append(nxt)
    if len(order) < len(tasks):
        cyclic = sorted(k for k, n in indegree.items() if n > 0)
        names = "、".join(tasks[k].label for k in cyclic)
        raise ScheduleError(
            _("The dependencies form a cycle through: %(tasks)s.") % {"tasks": names}, cyclic
        )
    return order


def schedule(
    tasks: Iterable[Task],
    dependencies: Iterable[Dependency],
    *,
    start: date,
    deadline: date | None = None,
    calendar: WorkCalendar | None = None,
) -> Schedule:
    """Earliest and latest dates of every task, slack and the critical path.

    ``deadline`` is the last day work may happen; without one, the project's
    earliest finish serves. Raises ``ScheduleError`` naming the tasks when the
    dependencies form a cycle or the deadline cannot be met."""
    by_key = {t.key: t for t in tasks}
    deps = list(dependencies)
    for task in by_key.values():
        if task.duration < 0:
            raise ScheduleError(
                _("A duration cannot be negative: %(task)s.") % {"task": task.label}, [task.key]
            )
    for dep in deps:
        if dep.lag < 0:
            raise ScheduleError(
                _("A lag cannot be negative: %(a)s → %(b)s.") % {"a": dep.before, "b": dep.after},
                [dep.before, dep.after],
            )
    order = _order(by_key, deps)
    calendar = calendar or WorkCalendar()
    preds: dict[str, list[Dependency]] = defaultdict(list)
    succs: dict[str, list[Dependency]] = defaultdict(list)
    for dep in deps:
        preds[dep.after].append(dep)
        succs[dep.before].append(dep)
    es, ef, ls, lf = {}, {}, {}, {}
    # Before snapping to working days: the day each task could start at the
    # earliest, and finish at the latest (to find the links that drive them).
    ready, due = {}, {}
    origin = start.toordinal()
    for key in order:
        task = by_key[key]
        earliest = max([origin, *(ef[d.before] + d.lag for d in preds[key])])
        ready[key] = earliest
        if task.working_days:
            es[key], ef[key] = calendar.forward(earliest, task.duration)
        else:
            es[key], ef[key] = earliest, earliest + task.duration
    end = max(ef.values(), default=origin)
    limit = deadline.toordinal() + 1 if deadline is not None else end
    for key in reversed(order):
        task = by_key[key]
        latest = min([limit, *(ls[d.after] - d.lag for d in succs[key])])
        due[key] = latest
        if task.working_days:
            ls[key], lf[key] = calendar.backward(latest, task.duration)
        else:
            ls[key], lf[key] = latest - task.duration, latest
    slack = {k: ls[k] - es[k] for k in order}
    least = min(slack.values(), default=0)
    if least < 0:
        late = [k for k in order if slack[k] < 0]
        names = "、".join(by_key[k].label for k in late[:20])
        raise ScheduleError(
            _("The deadline cannot be met: %(days)s days short, through %(tasks)s.")
            % {"days": -least, "tasks": names},
            late,
        )
    critical_keys = _critical(order, slack, least, deps, ef, ls, ready, due)
    as_date = date.fromordinal
    result = {
        k: TaskDates(
            as_date(es[k]),
            as_date(ef[k]),
            as_date(ls[k]),
            as_date(lf[k]),
            slack[k],
            k in critical_keys,
        )
        for k in order
    }
    critical = sorted(critical_keys, key=lambda k: (es[k], ef[k]))
    return Schedule(result, start, as_date(end), deadline, critical)


def _critical(order, slack, least, deps, ef, ls, ready, due) -> set[str]:
    """The tasks with the least slack, and the chains that tie them together.

    A link is tight when the earlier task alone sets when the later one may
    start, and the later one alone sets when the earlier must finish. In
    calendar days tight links join tasks of equal slack, so the critical path
    is exactly the least-slack tasks; a working-day task snaps to working days,
    which may give its neighbours on the same chain a day or two more slack on
    paper, and the tight links keep them on the path."""
    tight: dict[str, list[str]] = defaultdict(list)
    for dep in deps:
        if (
            ef[dep.before] + dep.lag == ready[dep.after]
            and ls[dep.after] - dep.lag == due[dep.before]
        ):
            tight[dep.before].append(dep.after)
            tight[dep.after].append(dep.before)
    found = {k for k in order if slack[k] == least}
    stack = list(found)
    while stack:
        for other in tight[stack.pop()]:
            if other not in found:
                found.add(other)
                stack.append(other)
    return found


def inclusive(finish: date) -> date:
    """The last day a task works, from its exclusive finish."""
    return finish - timedelta(days=1)
