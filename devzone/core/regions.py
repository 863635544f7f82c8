"""Loading the GB/T 2260 region tree from ``data/regions.csv``."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Region

DATA_FILE = Path(__file__).parent / "data" / "regions.csv"


@transaction.atomic
def regions_load(*, province_codes: list[str] | None = None, path: Path = DATA_FILE) -> int:
    """Create or update the regions of the given provinces (two-digit prefixes,
    e.g. ["14"] for Shanxi; None for all). Returns the number of rows loaded."""
    with path.open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if province_codes is None or r["code"][:2] in province_codes
        ]
    existing = {r.code: r for r in Region.objects.filter(code__in=[row["code"] for row in rows])}
    by_code: dict[str, Region] = dict(existing)
    for row in sorted(rows, key=lambda r: ("province", "city", "county").index(r["level"])):
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        region = by_code.get(row["code"])
        if region is None:
            region = Region(code=row["code"])
        if (region.name, region.level, region.parent_id) != (
            row["name"],
            row["level"],
            getattr(parent, "pk", None),
        ):
            region.name, region.level, region.parent = row["name"], row["level"], parent
            region._change_reason = "GB/T 2260"
            region.save()
        by_code[row["code"]] = region
    return len(rows)
