"""The lägesbild's models move to observations.situation (its 0001 takes them over); their
tables stay. Only Django's record of which app holds them changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("observations", "0004_observation_logged_at_index"),
        ("situation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="SituationReport"),
                migrations.DeleteModel(name="CompileRequest"),
            ],
        ),
    ]
