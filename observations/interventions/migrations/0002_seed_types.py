"""The kinds of insats EST groups decide on, in Swedish. They are data: the admin can add,
rename or retire them."""

from django.db import migrations

TYPES = [
    ("extra-vaktarrond", "Extra väktarrond", "Extra ronder av väktare där och när det behövs."),
    ("vuxennarvaro", "Vuxennärvaro/fältarbete",
     "Fältassistenter, fritidspersonal, nattvandrare eller grannstödsbil på plats."),
    ("gemensam-insats", "Gemensam insats kommun–polis",
     "En insats som kommunen och polisen planerar och genomför tillsammans."),
    ("narkotikainsats", "Narkotikainsats", "Insats mot narkotikaförsäljning och narkotikabruk."),
    ("trygghetsvandring", "Trygghetsvandring",
     "Vandring med boende och partner för att hitta otrygga platser."),
    ("fysisk-miljo", "Åtgärd i fysisk miljö",
     "Belysning, röjning av buskage, städning, klotterborttagning."),
    ("annan", "Annan insats", "En insats av annat slag."),
]


def seed(apps, schema_editor):
    InterventionType = apps.get_model("interventions", "InterventionType")
    for order, (slug, name, description) in enumerate(TYPES, start=1):
        InterventionType.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order})


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
