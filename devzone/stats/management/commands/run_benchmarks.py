import hashlib
import re
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from devzone.stats import benchmarks
from devzone.stats.generator import Size, generate

# What the generated data was made with, kept beside it: the size and the
# migrations applied. Data made under another schema is never measured again.
STATE_TABLE = "devzone_benchmark_dataset"


def app_benchmark_modules() -> list:
    """Every installed app's ``benchmarks`` module but the statistics one, in
    INSTALLED_APPS order. Each has clear() (before the zones are regenerated),
    generate(log) and run(runs) -> list of report lines."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.benchmarks"
        if config.name.startswith("devzone.") and config.label != "stats" and find_spec(name):
            modules.append(import_module(name))
    return modules


def schema_fingerprint() -> str:
    applied = sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )
    return hashlib.sha256("\n".join(applied).encode()).hexdigest()[:16]


def dataset_state() -> tuple[int, int, str] | None:
    """The (zones, months, schema) the data in this database was generated
    with, or None if it holds none."""
    if STATE_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT zones, months, schema FROM {STATE_TABLE}")  # noqa: S608
        row = cursor.fetchone()
    return tuple(row) if row else None


def record_dataset_state(zones: int, months: int, schema: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} "
            "(zones integer NOT NULL, months integer NOT NULL, schema varchar(64) NOT NULL)"
        )
        cursor.execute(f"DELETE FROM {STATE_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {STATE_TABLE} (zones, months, schema) VALUES (%s, %s, %s)",  # noqa: S608
            [zones, months, schema],
        )


def generate_all(size: Size, modules: list, log, *, tiny_apps: bool = False) -> None:
    """The statistics data set, then each app's on its zones (with
    ``tiny_apps``, each app's at its ``TINY`` size: CI's run, which proves the
    benchmarks still run rather than measuring them)."""
    for module in reversed(modules):
        module.clear()
    generate(size, log=log)
    for module in modules:
        module.generate(log=log, **(module.TINY if tiny_apps else {}))


class Command(BaseCommand):
    help = (
        "Run the benchmarks (statistics, then every app's benchmarks module), generating the "
        "data set first unless this database holds one of the same size made under the same "
        "schema."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=2700)
        parser.add_argument("--months", type=int, default=120)
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--output", help="Markdown file whose benchmark section is replaced.")
        parser.add_argument(
            "--tiny-apps",
            action="store_true",
            help="Generate each app's data at its TINY size (CI: the benchmarks run, not measure).",
        )

    def handle(self, *args, zones, months, runs, output, tiny_apps, **options):
        modules = app_benchmark_modules()
        wanted = (zones, months, schema_fingerprint() + ("-tiny" if tiny_apps else ""))
        found = dataset_state()
        if found != wanted:
            reason = (
                "no generated data"
                if found is None
                else f"data of {found[0]} zones × {found[1]} months, schema {found[2]}"
            )
            self.stdout.write(
                f"Generating {zones} zones × {months} months, schema {wanted[2]} ({reason})…"
            )
            generate_all(
                Size(zones=zones, months=months), modules, self.stdout.write, tiny_apps=tiny_apps
            )
            record_dataset_state(*wanted)
        if connection.vendor == "postgresql":
            # What autovacuum does on a live database: fresh tables have no
            # statistics or visibility map, and would be measured at their worst.
            self.stdout.write("VACUUM ANALYZE…")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        command = f"make bench BENCH_ZONES={zones} BENCH_MONTHS={months}"
        report = benchmarks.run(runs=runs, command=command)
        for module in modules:
            report += "\n" + "\n".join(module.run(runs=runs))
        self.stdout.write(report)
        if output:
            path = Path(output)
            text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
            section = f"<!-- stats:{zones} -->\n{report}\n<!-- /stats:{zones} -->"
            pattern = re.compile(rf"<!-- stats:{zones} -->.*?<!-- /stats:{zones} -->", re.S)
            text = (
                pattern.sub(lambda _m: section, text)
                if pattern.search(text)
                else text.rstrip() + "\n\n" + section + "\n"
            )
            path.write_text(text, encoding="utf-8")
