"""The EST categories the partners use, in Swedish. They are data: the admin can add, rename or
retire them."""

from django.db import migrations

CATEGORIES = [
    ("ungdomsgrupp", "Ungdomsgrupp/folksamling", "Grupper av unga eller folksamlingar som skapar oro."),
    ("alkohol", "Alkohol", "Alkoholförtäring eller berusning på allmän plats."),
    ("narkotika", "Narkotika", "Misstänkt narkotikaförsäljning eller narkotikabruk."),
    ("skadegorelse", "Skadegörelse", "Förstörd egendom, krossade rutor, sönderslagen utrustning."),
    ("klotter", "Klotter", "Klotter och tags."),
    ("nedskrapning", "Nedskräpning", "Skräp, dumpat avfall, fulla papperskorgar."),
    ("belysning", "Belysning ur funktion", "Trasig eller släckt belysning."),
    ("otrygg-miljo", "Otrygg fysisk miljö", "Buskage, skymd sikt, mörka passager."),
    ("brand", "Brand", "Bränder och anlagda bränder."),
    ("hot-och-vald", "Hot och våld", "Hot, bråk och våld."),
    ("ordningsstorning", "Ordningsstörning", "Störningar av ordningen på allmän plats."),
    ("ovrigt", "Övrigt", "Annat som påverkar tryggheten."),
]


def seed(apps, schema_editor):
    Category = apps.get_model("observations", "Category")
    for order, (slug, name, description) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("observations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
