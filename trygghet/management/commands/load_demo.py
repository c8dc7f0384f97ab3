import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trygghet import demo


class Command(BaseCommand):
    help = "Load the Upplands-Bro demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--not-production", action="store_true",
            help="Load even though DEBUG is off (a test or training server, never production).",
        )

    def handle(self, *args, not_production=False, **options):
        # Demo users have a known password: they must never reach a production database.
        if not (settings.DEBUG or settings.TESTING or not_production):
            raise CommandError("Demodata läses bara in med DEBUG på, eller med --not-production "
                               "på en test- eller utbildningsserver.")
        demo.load(stdout=self.stdout)
        if os.environ.get("DEMO_PASSWORD"):
            hint = "lösenordet är det som står i miljövariabeln DEMO_PASSWORD"
        else:
            hint = "lösenord: demo"
        self.stdout.write(f"\nDemoinloggningar ({hint}):")
        for username, name, organisation, role in demo.demo_logins():
            self.stdout.write(f"  {username:<12} {name}, {role}, {organisation}")
