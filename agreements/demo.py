"""Demo agreements: the samverkansöverenskommelse of December 2021 with its four priority
areas in the municipality's words, and the 2017–2018 agreement the 2018 medborgarlöfte
belonged to. The indicators' values and the åtgärdsplan's rows are illustrative (the
documents give none) and say so; the åtgärdsplan's rows link the demo's insatser. Once every
app has loaded its data, this year's yearly report is compiled, analysed and published."""

from datetime import date


from observations.interventions.models import Intervention
from trygghet.models import Organisation

from . import services
from .models import Agreement, Indicator, YearlyReport

MUNICIPALITY = "Kommunledningskontoret"
POLICE = "Polisen lokalpolisområde Järfälla/Upplands-Bro"

AGREEMENT = {
    "title": "Samverkansöverenskommelse mellan Upplands-Bro och polisen Järfälla/Upplands-Bro",
    "description": (
        "Upplands-Bro kommun och polisen i lokalpolisområdet Järfälla/Upplands-Bro har tecknat "
        "en gemensam överenskommelse för ökad trygghet och säkerhet, för ett hållbart "
        "Upplands-Bro. Målet är att brottsligheten ska minska och tryggheten ska öka.\n\n"
        "Utifrån kartläggning, statistik och mätningar har en gemensam lägesbild tagits fram "
        "för samverkan, med fyra prioriterade områden – Inget utsatt område i Upplands-Bro, "
        "Våld, Trygga offentliga miljöer och Ungdomar i riskzonen."),
    "starts_on": date(2022, 1, 1), "signed_on": date(2021, 12, 16),
    "signatories": "Kommunstyrelsens ordförande\nKommundirektör\nLokalpolisområdeschef",
}
EARLIER = {
    "title": "Samverkansöverenskommelse 2017–2018",
    "description": ("Insatserna kan förändras mot bakgrund av nya behov eller ny kunskap inom "
                    "området. Det beskrivs i den åtgärdsplan som bifogades "
                    "samverkansöverenskommelsen 2017-2018."),
    "starts_on": date(2017, 1, 1), "ends_on": date(2018, 12, 31),
}

WALKS = ("Tre gånger om året genomför kommunen trygghetsvandringar med polis och "
         "räddningstjänst. Här deltar också boende och verksamma i det aktuella området. "
         "Tillsammans går man runt och ser vad som kan öka tryggheten, exempelvis beskära träd "
         "och buskage och se över belysningen.")
DEMO_VALUES = "Demovärden, inte verkliga mätningar"
S, D = Indicator.Source, Indicator.Direction

# name, description, indicators (name, unit, source, direction, values of the last five
# years up to this one),
# measures (cause, action, goals, when, who, follow_up, status, note, insats types linked)
PRIORITY_AREAS = [
    ("Inget utsatt område i Upplands-Bro", "", [
        ("Andel boende i Bro som känner sig trygga i sitt bostadsområde på kvällen", "procent",
         S.SAFETY_SURVEY, D.UP, ["61", "63", "62", "66", "68"]),
    ], [
        ("Öppen narkotikahandel vid stationsområdena skapar otrygghet och rekryterar unga.",
         "Planerade narkotikainsatser där polis och socialtjänst samverkar operativt.",
         "Minst fyra insatser per år vid stationsområdena.", "Löpande, kvällstid",
         [POLICE, "Fältassistenterna"], "Antal genomförda insatser följs upp vid EST-mötet.",
         "yellow", "Två insatser flyttades till hösten.", ["narkotikainsats"]),
    ]),
    ("Våld", "", [
        ("Anmälda misshandelsbrott utomhus", "anmälda brott", S.REPORTED_CRIME, D.DOWN,
         ["148", "139", "151", "134", "129"]),
    ], [
        ("Konflikter mellan grupper i centrumområdena helgkvällar.",
         "Gemensamma insatser kommun och polis med synlig närvaro helgkvällar.",
         "Minst åtta gemensamma insatser per år i Bro och Kungsängen.",
         "Fredagar och lördagar", [POLICE, "Trygghet och prevention"],
         "Lägesbilden varje vecka; effekten per insats på insatsens sida.", "green", "",
         ["gemensam-insats"]),
    ]),
    ("Trygga offentliga miljöer", WALKS, [
        ("Andel som upplever dålig belysning som ett problem i centrum", "procent", S.SURVEY,
         D.DOWN, ["34", "31", "29", "27", "28"]),
    ], [
        ("Mörka passager, höga buskar och nedskräpning gör att platser upplevs otrygga.",
         "Trygghetsvandringar tre gånger om året och åtgärder i den fysiska miljön efter dem.",
         "Alla fynd från vandringarna åtgärdade eller besvarade inom åtta veckor.",
         "Vår, sommar och höst", ["Trygghet och prevention", "Räddningstjänsten",
                                  "Bostadsbolaget i Upplands-Bro"],
         "Fynden loggas som observationer och följs upp i loggen.", "green", "",
         ["trygghetsvandring", "fysisk-miljo"]),
    ]),
    ("Ungdomar i riskzonen", "", [
        ("Andel unga i årskurs 9 som känner sig trygga ute på kvällen", "procent", S.SURVEY,
         D.UP, ["58", "57", "55", "59", "56,5"]),
    ], [
        ("Unga samlas sent utan vuxna i närheten; några dras in i kriminalitet.",
         "Vuxennärvaro och fältarbete kvällstid, med stöd till nattvandringarna.",
         "Vuxna på plats varje fredag och lördag i centrumområdena.", "Helgkvällar året runt",
         ["Fältassistenterna", "Nattvandrarna i Upplands-Bro"],
         "Fältassistenternas rapporter vid EST-mötet.", "red",
         "För få nattvandrare under sommaren.", ["vuxennarvaro"]),
    ]),
]

CAUSES = {
    "Inget utsatt område i Upplands-Bro": (
        "Narkotikahandeln vid stationsområdena och de unga som dras in i den är den främsta "
        "orsaken till otryggheten. Insatserna har flyttat handeln men inte minskat den."),
    "Våld": (
        "Våldet i offentlig miljö hänger ihop med konflikter mellan grupper och med alkohol "
        "helgkvällar. Det är koncentrerat till centrumområdena."),
    "Trygga offentliga miljöer": (
        "Belysning och buskage återkommer i observationerna och vid trygghetsvandringarna; "
        "där de åtgärdats minskar observationerna om otrygg miljö."),
    "Ungdomar i riskzonen": (
        "Färre vuxna ute på kvällarna under sommaren sammanföll med fler observationer av "
        "ungdomsgrupper. Nattvandringarna behöver fler deltagare."),
}


def load(context):
    """Once: the two agreements; this year's report when every app's demo data is there."""
    if Agreement.objects.exists():
        return
    coordinator = context.users["koordinator"]
    organisations = {o.name: o for o in Organisation.objects.all()}
    parties = [organisations[MUNICIPALITY], organisations[POLICE]]
    services.save_agreement(by=coordinator, parties=parties, **EARLIER)
    agreement = services.save_agreement(by=coordinator, parties=parties, **AGREEMENT)
    for name, description, indicators, measures in PRIORITY_AREAS:
        area = services.save_priority_area(by=coordinator, agreement=agreement, name=name,
                                           description=description)
        for indicator_name, unit, source, direction, values in indicators:
            indicator = services.save_indicator(
                by=coordinator, priority_area=area, name=indicator_name, unit=unit,
                source=source, direction=direction, source_detail=DEMO_VALUES)
            first = context.today.year - len(values) + 1
            data = "\n".join(f"{first + i};{value}" for i, value in enumerate(values))
            services.import_indicator_values(by=coordinator, indicator=indicator,
                                             data=data.encode())
        for cause, action, goals, when, who, follow_up, status, note, types in measures:
            services.save_measure(
                by=coordinator, priority_area=area, cause=cause, action=action, goals=goals,
                when=when, organisations=[organisations[n] for n in who], follow_up=follow_up,
                status=status, status_note=note,
                interventions=Intervention.objects.filter(type__slug__in=types))
    context.later.append(lambda: _yearly_report(context, agreement))
    context.summary.append(f"{Agreement.objects.count()} samverkansöverenskommelser")


def _yearly_report(context, agreement):
    if YearlyReport.objects.exists():
        return
    coordinator = context.users["koordinator"]
    year = context.today.year
    report = services.compile_yearly_report_now(agreement=agreement, year=year,
                                                by=coordinator).report
    causes = {area.pk: CAUSES[area.name] for area in agreement.priority_areas.all()}
    services.publish_yearly_report(report=report, by=coordinator, causes=causes)
    context.summary.append(f"årlig lägesbild {year}")
