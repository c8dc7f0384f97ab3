"""Demo lägesbilder: the last four weeks compiled and published, so that the police and the
committee secretary find a lägesbild on their first login."""

from trygghet.weeks import shift_week, week_just_ended

from . import services
from .models import SituationReport

WEEKS = 4
ANALYSES = [
    ("Fler ungdomsgrupper än vanligt kring Bro station på fredags- och lördagskvällar. "
     "Belysningen vid gångtunneln har rapporterats flera gånger.",
     "Extra väktarronder vid Bro station fredag och lördag 20–01. Felanmäl belysningen."),
    ("Lugnare vecka i Kungsängen. Nedskräpningen i Bro centrum ligger kvar på en hög nivå.",
     "Städinsats i Bro centrum. Nattvandrarna ombeds prioritera Råby."),
    ("Ökning av ordningsstörningar i Kungsängen centrum efter skolavslutningen på fredagen.",
     "Gemensam insats kommun och polis i Kungsängen centrum fredag kväll."),
    ("Jämn vecka. Flera observationer om otrygg miljö vid gångvägen mot Finnsta.",
     "Trygghetsvandring vid gångvägen mot Finnsta med bostadsbolaget."),
]


def load(context):
    # Compiled once every app's demo data is there: the lägesbild lists the week's insatser.
    context.later.append(lambda: _compile(context))


def _compile(context):
    if SituationReport.objects.exists():
        return
    coordinator = context.users["koordinator"]
    last = week_just_ended()
    for offset in range(WEEKS - 1, -1, -1):
        year, week = shift_week(*last, -offset)
        job = services.compile_now(year=year, week=week, by=coordinator)
        analysis, recommendations = ANALYSES[offset % len(ANALYSES)]
        services.publish_report(report=job.report, by=coordinator, analysis=analysis,
                                recommendations=recommendations)
    context.summary.append(f"{SituationReport.objects.count()} publicerade lägesbilder")
