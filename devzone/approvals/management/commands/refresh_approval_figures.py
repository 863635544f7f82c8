from django.core.management.base import BaseCommand

from devzone.approvals.models import ProjectApproval
from devzone.approvals.services import refresh_figures


class Command(BaseCommand):
    help = (
        "Recompute the approval items' deadlines, working days taken and savings, after "
        "the official calendar changed (a platform admin entered a year's holidays)."
    )

    def handle(self, *args, **options):
        changed = refresh_figures(ProjectApproval.objects.all())
        self.stdout.write(f"{changed} approval item(s) changed.")
