"""Observations get a revision (stale changes are refused) and a source (imports may lie
further back), and the database refuses times before 2000. Rows already stored with such a
time (a typing error that broke every page showing them) take the time they were logged."""

import datetime
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('observations', '0005_situation_moves_out'),
        ('trygghet', '0003_audit_idempotency_outbox'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE observations_observation SET occurred_at = logged_at "
            "WHERE occurred_at < '1999-12-31T00:00:00Z'",
            migrations.RunSQL.noop,
        ),
        migrations.AddField(
            model_name='observation',
            name='revision',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='revision'),
        ),
        migrations.AddField(
            model_name='observation',
            name='source',
            field=models.CharField(choices=[('web', 'Webbformulär'), ('api', 'API'), ('import', 'Import')], default='web', editable=False, max_length=10, verbose_name='källa'),
        ),
        migrations.AddConstraint(
            model_name='observation',
            constraint=models.CheckConstraint(condition=models.Q(('occurred_at__gte', datetime.datetime(1999, 12, 31, 0, 0, tzinfo=datetime.timezone.utc))), name='observation_occurred_after_2000'),
        ),
    ]
