"""A compile job now points at the report it produced or found unchanged (several jobs of an
unchanged week share one report); reports get a fingerprint of their data and a revision.
Stored snapshots take the declared shape of snapshot.py, and Django's content types follow
the models to this app."""

import hashlib
import json
from datetime import date, timedelta

import django.db.models.deletion
from django.db import migrations, models

OUTSIDE = "Utanför namngivna områden"


def _shift(year, week, weeks):
    y, w, _ = (date.fromisocalendar(year, week, 1) + timedelta(weeks=weeks)).isocalendar()
    return [y, w]


def _area_rows(rows):
    for row in rows:
        if row.get("id") is None and row.get("name") == OUTSIDE:
            row["name"] = None
    return rows


def reshape(data):
    """An old snapshot in the declared shape. Old hotspot cells were compiled over every row;
    readers who may not see restricted rows get none of them rather than a guess."""
    if "period" in data:
        return data
    hotspots = data.get("hotspots", {})
    trend = data.get("trend", {})
    year, week = data["year"], data["week"]
    return {
        "period": {key: data.get(key) for key in
                   ("year", "week", "start", "end", "first_day", "last_day")},
        "total": data["total"],
        "by_category": data.get("by_category", []),
        "by_area": _area_rows(data.get("by_area", [])),
        "weekday_hour": data.get("weekday_hour", [[0] * 24 for _ in range(7)]),
        "by_weekday": data.get("by_weekday", [0] * 7),
        "by_hour": data.get("by_hour", [0] * 24),
        "hotspot_areas": _area_rows(hotspots.get("areas", [])),
        "rising_areas": _area_rows(hotspots.get("rising_areas", [])),
        "hotspot_cells": {"all": hotspots.get("cells", []), "unrestricted": []},
        "rising_cells": {"all": hotspots.get("rising_cells", []), "unrestricted": []},
        "points": [{"lat": p[0], "lon": p[1], "severity": p[2], "restricted": p[3]}
                   for p in data.get("points", [])],
        "serious": data.get("serious", []),
        "serious_count": data.get("serious_count", 0),
        "open_after_14_days": data.get("open_after_14_days", []),
        "open_count": data.get("open_count", 0),
        "silent_organisations": data.get("silent_organisations", []),
        "trend": {"weeks": [_shift(year, week, -o) for o in range(len(trend.get("totals", [])) - 1, -1, -1)],
                  "series": trend.get("series", []), "totals": trend.get("totals", [])},
        "method": data.get("method", {}),
    }


def forward(apps, schema_editor):
    SituationReport = apps.get_model("situation", "SituationReport")
    CompileJob = apps.get_model("situation", "CompileJob")
    for report in SituationReport.objects.all():
        if report.request_id:
            CompileJob.objects.filter(pk=report.request_id).update(
                report_id=report.pk, made_new_version=True)
        report.data = reshape(report.data)
        report.data_hash = hashlib.sha256(json.dumps(report.data, sort_keys=True).encode()).hexdigest()
        report.save(update_fields=["data", "data_hash"])


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, old_model, new_model in [("observations", "compilerequest", "compilejob"),
                                            ("observations", "situationreport", "situationreport")]:
        old = ContentType.objects.filter(app_label=old_label, model=old_model).first()
        if old is None:
            continue
        if ContentType.objects.filter(app_label="situation", model=new_model).exists():
            old.delete()
        else:
            old.app_label, old.model = "situation", new_model
            old.save(update_fields=["app_label", "model"])


class Migration(migrations.Migration):

    dependencies = [
        ('situation', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='compilejob',
            options={'ordering': ['-requested_at'], 'verbose_name': 'sammanställning', 'verbose_name_plural': 'sammanställningar'},
        ),
        migrations.AddField(
            model_name='compilejob',
            name='made_new_version',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='compilejob',
            name='report',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='jobs', to='situation.situationreport'),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='data_hash',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='situationreport',
            name='revision',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='situationreport',
            name='request',
        ),
        migrations.AlterField(
            model_name='compilejob',
            name='iso_week',
            field=models.PositiveSmallIntegerField(verbose_name='vecka'),
        ),
        migrations.AlterField(
            model_name='compilejob',
            name='iso_year',
            field=models.PositiveSmallIntegerField(verbose_name='år'),
        ),
    ]
