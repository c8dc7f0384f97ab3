"""The lägesbild moves into a room of its own. Its tables stay where they are: this migration
only tells Django that the models now belong to this app (observations 0005 lets go of them),
in the shape they had there; 0002 then changes what needs changing."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("observations", "0004_observation_logged_at_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CompileJob",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("iso_year", models.PositiveSmallIntegerField()),
                        ("iso_week", models.PositiveSmallIntegerField()),
                        ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("state", models.CharField(choices=[("queued", "I kö"), ("running", "Sammanställs"), ("done", "Klar"), ("failed", "Misslyckades")], default="queued", max_length=10)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("error", models.TextField(blank=True)),
                        ("requested_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-requested_at"], "db_table": "observations_compilerequest"},
                ),
                migrations.CreateModel(
                    name="SituationReport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("iso_year", models.PositiveSmallIntegerField(verbose_name="år")),
                        ("iso_week", models.PositiveSmallIntegerField(verbose_name="vecka")),
                        ("version", models.PositiveSmallIntegerField(verbose_name="version")),
                        ("data", models.JSONField(verbose_name="sammanställning")),
                        ("compiled_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="sammanställd")),
                        ("analysis", models.TextField(blank=True, max_length=20000, validators=[django.core.validators.MaxLengthValidator(20000)], verbose_name="analys")),
                        ("recommendations", models.TextField(blank=True, max_length=10000, validators=[django.core.validators.MaxLengthValidator(10000)], verbose_name="rekommenderade insatser")),
                        ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="publicerad")),
                        ("published_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("request", models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="report", to="situation.compilejob")),
                    ],
                    options={
                        "verbose_name": "lägesbild",
                        "verbose_name_plural": "lägesbilder",
                        "ordering": ["-iso_year", "-iso_week", "-version"],
                        "db_table": "observations_situationreport",
                        "constraints": [models.UniqueConstraint(fields=("iso_year", "iso_week", "version"), name="one_version_number_per_week")],
                    },
                ),
            ],
        ),
    ]
