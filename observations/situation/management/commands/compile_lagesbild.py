from django.core.management.base import BaseCommand, CommandError

from trygghet.errors import DomainError
from trygghet.weeks import parse_week, week_just_ended

from ... import services


class Command(BaseCommand):
    help = "Compile the lägesbild of an ISO week, e.g. 2026-W46 (default: the week just ended)."

    def add_arguments(self, parser):
        parser.add_argument("week", nargs="?", help="ISO week, e.g. 2026-W46")
        parser.add_argument("--queue", action="store_true",
                            help="Queue the compile for a Celery worker instead of running it here.")

    def handle(self, *args, week=None, queue=False, **options):
        try:
            year, number = parse_week(week) if week else week_just_ended()
            if queue:
                job = services.queue_compile(year=year, week=number)
                self.stdout.write(f"Köad: {job.pk}")
                return
            job = services.compile_now(year=year, week=number)
        except DomainError as error:
            raise CommandError(error.message) from None
        report, total = job.report, job.report.data["total"]
        state = "ny version" if job.made_new_version else "oförändrad sedan förra versionen"
        self.stdout.write(f"Lägesbild {year}-W{number:02d} version {report.version} ({state}): "
                          f"{total['count']} observationer (veckan före {total['previous']}).")
