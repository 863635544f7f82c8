import re
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection

from devzone.stats import benchmarks
from devzone.stats.generator import Size, generate, generated_zones

# Apps whose benchmarks run after the statistics ones, on the same generated
# zones. Each module has clear() (before the zones are regenerated),
# generate(log) and run(runs) -> list of report lines; run() generates its data
# when it is missing.
APP_BENCHMARKS = [
    "devzone.projects.benchmarks",
    "devzone.approvals.benchmarks",
    "devzone.desk.benchmarks",
    "devzone.incentives.benchmarks",
]


class Command(BaseCommand):
    help = (
        "Run the benchmarks (statistics, then each app's), generating the data set first if "
        "its size differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=2700)
        parser.add_argument("--months", type=int, default=120)
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--output", help="Markdown file whose benchmark section is replaced.")

    def handle(self, *args, zones, months, runs, output, **options):
        modules = [import_module(name) for name in APP_BENCHMARKS if find_spec(name)]
        if generated_zones().count() != zones:
            self.stdout.write(f"Generating {zones} zones × {months} months…")
            for module in reversed(modules):
                module.clear()
            generate(Size(zones=zones, months=months), log=self.stdout.write)
            for module in modules:
                module.generate(log=self.stdout.write)
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
