"""A logged finding's words are its observation's: clear the copies logged findings kept, so
that the log's restriction and erasure of a text hold on the walk's page too."""

from django.db import migrations, models


def clear_logged_copies(apps, schema_editor):
    Finding = apps.get_model("promises", "Finding")
    Finding.objects.filter(observation__isnull=False).update(text="", place_description="")


class Migration(migrations.Migration):

    dependencies = [
        ('promises', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='finding',
            name='text',
            field=models.CharField(blank=True, max_length=500, verbose_name='fynd'),
        ),
        migrations.RunPython(clear_logged_copies, migrations.RunPython.noop),
    ]
