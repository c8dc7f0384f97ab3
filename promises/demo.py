"""Demo medborgarlöften, in the municipality's own words (seed: the 2018 medborgarlöfte in
the handlingar of 18 February 2022).

- The 2018 promise itself, word for word, as followed up. Nothing in this system is from
  2018, so its commitments are kept as followed up by hand and left unassessed: counting them
  here would show 0 of 8 for work that was never entered, and assessing them would invent an
  outcome the documents do not give.
- A current promise modelled on it: the same six commitments word for word, the two
  countable ones counted from the demo's insatser (its period is the twelve months from the
  month the demo's insatser begin, so what they count is real demo work).
- Dialogues: a trygghetsvandring whose findings ("klipp buskarna", "lampan vid gångtunneln")
  become observations in one step, an enkät, a stormöte and a small fokusgrupp.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from agreements.models import Agreement
from observations.interventions.models import InterventionType
from observations.models import Category
from trygghet.models import Area

from . import services
from .models import Promise

FOCUS = ["Bro centrum", "Bro station", "Kungsängen centrum", "Kungsängen station"]

BACKGROUND_2018 = (
    "Polisen och Upplands-Bro kommun kommer under 2018 särskilt fokusera på att tillsammans "
    "arbeta för en tryggare miljö i kommunen.\n\n"
    "Medborgarlöftet är en del av det brottsförebyggande och trygghetsskapande arbete som polis "
    "och kommun gemensamt ansvarar för. Medborgarlöftet baseras på resultat från dialog med "
    "medborgarna samt medarbetare inom polisen och kommunen samt anmälningsstatistik, "
    "händelserapporter och underrättelser.\n\n"
    "Dialogen med medborgarna i Upplands-Bro visar att de platser som upplevs som mest otrygga "
    "är Bro centrum, stationsområdet i Bro samt de centrala delarna av Kungsängen. Otryggheten "
    "grundar sig huvudsakligen i en oro för att utsättas för brott på dessa platser.\n\n"
    "Under 2018 kommer polisen och Upplands-Bro kommun att särskilt fokusera på att öka "
    "tryggheten i de centrala delarna av Bro och Kungsängen med tillhörande stationsområden, "
    "eftersom dessa områden är de som upplevs som mest otrygga av medborgarna.")

BACKGROUND_NOW = (
    "Dialogen med medborgarna i Upplands-Bro visar att de platser som upplevs som mest otrygga "
    "är Bro centrum, stationsområdet i Bro samt de centrala delarna av Kungsängen. Otryggheten "
    "grundar sig huvudsakligen i en oro för att utsättas för brott på dessa platser.\n\n"
    "Polisen och Upplands-Bro kommun kommer att särskilt fokusera på att öka tryggheten i de "
    "centrala delarna av Bro och Kungsängen med tillhörande stationsområden, eftersom dessa "
    "områden är de som upplevs som mest otrygga av medborgarna.")

# The six commitments of the 2018 promise, word for word; for the countable ones, the
# target, the types of insats that count and whether both kommun and polis must take part.
COMMITMENTS = [
    ("Ökad polisiär närvaro i ovan nämnda områden.", None),
    ("Minst åtta i förväg planerade gemensamma insatser på dessa platser med synlig närvaro av "
     "polis, polisvolontärer, kommunal personal, trygghetsvårdar och andra trygghetsskapande "
     "aktörer.", (8, ["gemensam-insats"], True)),
    ("Kommun och polis ska samverka för att stödja och utveckla nattvandringar i samtliga "
     "kommundelar.", None),
    ("Minst fyra i förväg planerade narkotikainsatser på dessa platser, där polis och "
     "socialtjänst har en operativ samverkan.", (4, ["narkotikainsats"], True)),
    ("Kommunen åtar sig att ha lokal trygghetsskapande personal i Bro bl.a. genom Fryshuset, "
     "som bedriver trygghetsinriktade insatser.", None),
    ("Kommun, polis och bostadsföretagen ska gemensamt bland annat genom träffar med "
     "kontaktpersoner för grannsamverkan mot brott, utveckla det kvalitativa arbetet med att "
     "förebygga inbrott i bostäder.", None),
]

# The current promise's hand-made follow-ups (illustrative): commitment index, assessment,
# public text or None, internal text or None.
FOLLOW_UPS = [
    (0, "ongoing", "Polisen har haft fler kvällspass i Bro centrum och vid stationerna.", None),
    (2, "ongoing", "Nattvandrarna i Upplands-Bro har fått stöd med utbildning och västar.",
     "Fortfarande svårt att få nattvandrare i Brunna; tas upp med föreningen."),
    (4, "fulfilled", "Fältassistenterna finns i Bro centrum fredag och lördag kväll.", None),
    (5, "not_started", None, "Första träffen med kontaktpersonerna bokas i vår."),
]


def _period(today):
    """Twelve months from the first of the month the demo's insatser begin in."""
    start = (today - timedelta(days=182)).replace(day=1)
    end = date(start.year + 1, start.month, 1) - timedelta(days=1)
    return start, end


def load(context):
    """Once: the 2018 promise, a current one, and dialogues."""
    if Promise.objects.exists():
        return
    coordinator = context.users["koordinator"]
    areas = {a.name: a for a in Area.objects.named()}
    focus = [areas[name] for name in FOCUS]
    types = {t.slug: t for t in InterventionType.objects.all()}
    earlier = Agreement.objects.get(starts_on=date(2017, 1, 1))
    current = Agreement.objects.get(starts_on=date(2022, 1, 1))

    old = services.save_promise(
        by=coordinator, agreement=earlier, title="Medborgarlöfte i Upplands-Bro 2018",
        period_start=date(2018, 1, 1), period_end=date(2018, 12, 31),
        background=BACKGROUND_2018, areas=focus)
    for text, _rule in COMMITMENTS:
        services.save_commitment(by=coordinator, promise=old, text=text, kind="qualitative")
    services.change_promise_status(by=coordinator, promise=old, status="adopted")
    # When it was adopted is not in the documents.
    Promise.objects.filter(pk=old.pk).update(adopted_on=None)
    services.change_promise_status(by=coordinator, promise=old, status="followed_up")

    start, end = _period(context.today)
    years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    promise = services.save_promise(
        by=coordinator, agreement=current, title=f"Medborgarlöfte i Upplands-Bro {years}",
        period_start=start, period_end=end, background=BACKGROUND_NOW, areas=focus)
    commitments = []
    for text, rule in COMMITMENTS:
        if rule is None:
            commitments.append(services.save_commitment(by=coordinator, promise=promise,
                                                        text=text, kind="qualitative"))
        else:
            target, slugs, joint = rule
            commitments.append(services.save_commitment(
                by=coordinator, promise=promise, text=text, kind="countable", target=target,
                types=[types[slug] for slug in slugs], joint=joint))
    services.change_promise_status(by=coordinator, promise=promise, status="adopted")
    Promise.objects.filter(pk=promise.pk).update(adopted_on=start)
    written = min(context.today, start + timedelta(days=120))
    for index, assessment, public, internal in FOLLOW_UPS:
        commitment = commitments[index]
        services.assess_commitment(by=coordinator, commitment=commitment, assessment=assessment)
        for text, is_public in ((public, True), (internal, False)):
            if text:
                services.add_follow_up(by=coordinator, commitment=commitment, text=text,
                                       public=is_public, written_on=written)
    services.add_follow_up(
        by=coordinator, commitment=commitments[1], public=True, written_on=written,
        text="Gemensamma insatser har genomförts helgkvällar i Bro och Kungsängen.")
    _dialogues(context, promise, areas, coordinator)
    context.summary.append(f"{Promise.objects.count()} medborgarlöften")


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _dialogues(context, promise, areas, coordinator):
    today = context.today
    categories = {c.slug: c for c in Category.objects.all()}
    walk = services.save_dialogue(
        by=coordinator, kind="trygghetsvandring", title="Trygghetsvandring i Bro centrum",
        held_at=_at(today - timedelta(days=150), 18), area=areas["Bro centrum"],
        participants=14, promise=promise,
        findings="Boende, polis och räddningstjänst gick runt centrum och gångvägarna mot "
                 "stationen. Buskage och belysning var det som oftast nämndes.")
    for text, slug, place in (
            ("Klipp buskarna vid gångvägen", "otrygg-miljo", "Gångvägen mot Bro station"),
            ("Lampan vid gångtunneln är trasig", "belysning", "Gångtunneln under järnvägen")):
        services.add_finding(by=coordinator, dialogue=walk, text=text,
                             category=categories[slug], place_description=place)
    services.log_findings(by=coordinator, dialogue=walk)
    services.save_dialogue(
        by=coordinator, kind="enkat", title="Trygghetsenkät till boende i Bro och Kungsängen",
        held_at=_at(today - timedelta(days=170), 9), participants=412, promise=promise,
        findings="De platser som upplevs som mest otrygga är Bro centrum, stationsområdet i "
                 "Bro och de centrala delarna av Kungsängen.")
    services.save_dialogue(
        by=coordinator, kind="stormote", title="Stormöte om tryggheten i Kungsängen",
        held_at=_at(today - timedelta(days=120), 18), area=areas["Kungsängen centrum"],
        participants=38, promise=promise,
        findings="Oro för ungdomsgrupper vid stationen på kvällarna; önskemål om fler vuxna ute.")
    services.save_dialogue(
        by=coordinator, kind="fokusgrupp", title="Fokusgrupp med butiksägare i Bro centrum",
        held_at=_at(today - timedelta(days=95), 15), area=areas["Bro centrum"], participants=3,
        promise=promise, findings="Nedskräpning och stöld från butikerna efter stängning.")
