from django.core.management.base import BaseCommand

from trygghet import demo


class Command(BaseCommand):
    help = "Load the Upplands-Bro demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        demo.load(stdout=self.stdout)
        self.stdout.write("\nDemoinloggningar (lösenord: DEMO_PASSWORD, annars 'demo'):")
        for username, name, organisation, role in demo.demo_logins():
            self.stdout.write(f"  {username:<12} {name}, {role}, {organisation}")
