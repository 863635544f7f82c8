from django.core.management.base import BaseCommand

from devzone.core.regions import regions_load


class Command(BaseCommand):
    help = "Load the GB/T 2260 region tree (province, city, county) from the bundled data file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            help="Two-digit province code, e.g. 14 for Shanxi; repeatable. Default: all.",
        )

    def handle(self, *args, provinces=None, **options):
        n = regions_load(province_codes=provinces)
        self.stdout.write(self.style.SUCCESS(f"{n} regions loaded."))
