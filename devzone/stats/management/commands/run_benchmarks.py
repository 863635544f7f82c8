import re
from pathlib import Path

from django.core.management.base import BaseCommand

from devzone.projects import benchmarks as project_benchmarks
from devzone.stats import benchmarks
from devzone.stats.generator import Size, generate, generated_zones


class Command(BaseCommand):
    help = (
        "Run the economic-monitoring and project benchmarks, generating the data set first if "
        "its size differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=2700)
        parser.add_argument("--months", type=int, default=120)
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--output", help="Markdown file whose benchmark section is replaced.")

    def handle(self, *args, zones, months, runs, output, **options):
        if generated_zones().count() != zones:
            self.stdout.write(f"Generating {zones} zones × {months} months…")
            project_benchmarks.clear()
            generate(Size(zones=zones, months=months), log=self.stdout.write)
            project_benchmarks.generate(log=self.stdout.write)
        command = f"make bench BENCH_ZONES={zones} BENCH_MONTHS={months}"
        report = benchmarks.run(runs=runs, command=command)
        report += "\n".join(project_benchmarks.run(runs=runs))
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
