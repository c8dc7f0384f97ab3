"""The start page's last visits move to the core's LastVisit, which any page can use by
name: each member's row comes along as the visit of the page called "start"."""

from django.db import migrations


def copy_forward(apps, schema_editor):
    Old = apps.get_model("interventions", "LastVisit")
    New = apps.get_model("trygghet", "LastVisit")
    New.objects.bulk_create(
        [New(user_id=visit.user_id, name="start", at=visit.at) for visit in Old.objects.all()],
        ignore_conflicts=True,
    )


def copy_back(apps, schema_editor):
    Old = apps.get_model("interventions", "LastVisit")
    New = apps.get_model("trygghet", "LastVisit")
    Old.objects.bulk_create(
        [Old(user_id=visit.user_id, at=visit.at) for visit in New.objects.filter(name="start")],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('interventions', '0002_seed_types'),
        ('trygghet', '0004_lastvisit'),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_back),
        migrations.DeleteModel(name='LastVisit'),
    ]
