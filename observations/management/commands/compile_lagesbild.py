from django.core.management.base import BaseCommand, CommandError

from trygghet.errors import DomainError

from ... import report_services
from ...lagesbild import week_just_ended


class Command(BaseCommand):
    help = "Compile the lägesbild of an ISO week, e.g. 2026-W46 (default: the week just ended)."

    def add_arguments(self, parser):
        parser.add_argument("week", nargs="?", help="ISO week, e.g. 2026-W46")
        parser.add_argument("--queue", action="store_true",
                            help="Queue the compile for a Celery worker instead of running it here.")

    def handle(self, *args, week=None, queue=False, **options):
        try:
            year, number = report_services.parse_week(week) if week else week_just_ended()
        except DomainError as error:
            raise CommandError(error.message) from None
        if queue:
            job = report_services.request_compile(year=year, week=number)
            self.stdout.write(f"Köad: {job.pk}")
            return
        from ...models import CompileRequest

        job = CompileRequest.objects.create(iso_year=year, iso_week=number)
        report = report_services.run_compile(request_id=job.pk)
        total = report.data["total"]
        self.stdout.write(f"Lägesbild {year}-W{number:02d} version {report.version}: "
                          f"{total['count']} observationer (veckan före {total['previous']}).")
