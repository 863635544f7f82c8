from django.core.management.base import BaseCommand

from devzone.stats.generator import Size, generate


class Command(BaseCommand):
    help = (
        "Fill the database with a deterministic national data set for benchmarks "
        "(default: 2,700 zones × 30 indicators × 120 months, plus enterprises and their reports). "
        "Generated zones are sample data; running it again replaces them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zones", type=int, default=2700)
        parser.add_argument("--months", type=int, default=120)
        parser.add_argument("--enterprises-per-zone", type=int, default=20)
        parser.add_argument("--report-months", type=int, default=12)

    def handle(self, *args, zones, months, enterprises_per_zone, report_months, **options):
        counts = generate(
            Size(
                zones=zones,
                months=months,
                enterprises_per_zone=enterprises_per_zone,
                report_months=report_months,
            ),
            log=self.stdout.write,
        )
        self.stdout.write(self.style.SUCCESS(", ".join(f"{v} {k}" for k, v in counts.items())))
