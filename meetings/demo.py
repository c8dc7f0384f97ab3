"""Demo data for the committee, in the municipality's own words: the sammanträde of 18 February
2022 with case KS 22/0091 "Medborgarlöfte" (its tjänsteskrivelse word for word, the 2018
medborgarlöfte as its attachment), the informationsmöte of 3 April 2020 with its
minnesanteckningar, and a coming sammanträde with the latest lägesbild on its agenda."""

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trygghet.pdf import render_pdf

from . import diarium, services
from .models import Committee, CommitteeMember, DocumentJob

MEMBERS = [
    # Hans Åberg (L) chairs the information meeting of 3 April; the others are demo people.
    ("Olle Ordförande", "M", "ordforande"),
    ("Hans Åberg", "L", "vice_ordforande"),
    ("Lars Ledamot", "S", "ledamot"),
    ("Karl Ledamot", "SD", "ledamot"),
    ("Eva Ersättare", "C", "ersattare"),
    ("Sara Sekreterare", "", "sekreterare"),
]

SUMMARY = """Ett medborgarlöfte är ett åtagande gentemot medborgarna som polis och kommun kan göra i samverkan, om ett arbete eller åtgärd som kommunen och/eller polisen åtar sig att göra.

Medborgarlöften tar upp åtgärder som ligger nära medborgarnas vardag och som passar att kommunicera. Medborgarlöftet är på så vis samverkansöverenskommelsens publika och kommunikativa del.

Medarbetardialog, medborgardialog och kommunikation är centrala delar i framtagandet av löften. Tanken är att medarbetare och medborgare får möjlighet till insyn i och inflytande på det lokala arbetet. Detta ger förutsättningar för ökat engagemang, förtroende och nöjdhet med polisens och kommunens arbete."""

BODY = """<p>Medborgarlöften är en del av Polismyndighetens styrmodell och ett sätt för polisen att komma närmare medborgaren.</p>
<p>Ett medborgarlöfte är ett åtagande gentemot medborgarna som polis och kommun kan göra i samverkan, gärna även med andra samverkanspartner. I Upplands-Bro fanns senast 2018 ett gällande medborgarlöfte.</p>
<p>Medborgarlöften tar upp åtgärder som ligger nära medborgarnas vardag och som passar att kommunicera. Medborgarlöftet är på så vis samverkansöverenskommelsens publika och kommunikativa del.</p>
<p>Medarbetardialog, medborgardialog och kommunikation är centrala delar i framtagnandet av löften. Tanken är att medarbetare och medborgare får möjlighet till insyn i och inflytande på det lokala arbetet. Detta ger förutsättningar för ökat engagemang, förtroende och nöjdhet med polisens och kommunens arbete.</p>
<h3>Medarbetardialog</h3>
<p>Medarbetardialoger sker företrädesvis inom Polisen. Medarbetardialoger fördjupar den egna lägesbilden med medarbetarnas kunskap och erfarenhet.</p>
<p>Medarbetardialog kan också göras inom kommunen för att ta till vara den bredd som kommunen har inom sin verksamhet.</p>
<h4>Syftet med medarbetardialog</h4>
<ul><li>Fördjupa kunskapen om den lokala lägesbilden.</li></ul>
<h3>Medborgardialog</h3>
<p>Medborgardialoger är ett sätt för de som verkar och bor i området att påverka eller bli delaktiga i kommunens och polisens brottsförebyggande och trygghetsskapande arbete. Medborgarna är experter på sitt bostadsområde och deras erfarenhet och kunskap är viktiga delar för att få en fördjupad lägesbild.</p>
<p>Medborgardialoger kan genomföras på många olika sätt, exempelvis, genom enkäter, trygghetsvandringar, intervjuer, stormöten, fokusgrupper och liknande.</p>
<h4>Syftet med medborgardialog</h4>
<ul><li>Öka lokalsamhällets engagemang och delaktighet.</li>
<li>Engagera och involvera medborgarna för att ta aktiv del i det brottsförebyggande och trygghetsskapande arbetet exempelvis genom grannsamverkan, trygghetsvandringar och polisens volontärverksamhet.</li>
<li>Skapa goda relationer.</li>
<li>Ta fram gemensamma förslag på åtgärder för att öka tryggheten.</li>
<li>Fördjupa den lägesbild som kommun och polis har av den lokala situationen.</li></ul>
<h3>Medborgarlöften</h3>
<p>När kommun och polis har fått en bra lägesbild av vilka problem som finns i kommunen är det dags att bestämma vilka man vill samverka kring att lösa, varför problemen uppkommit och vad man kan göra åt dem. Det mynnar ut i aktiviteter eller åtgärder. Några av dessa lämpar sig förhoppningsvis att avge medborgarlöften kring.</p>
<p>Ett medborgarlöfte är ett arbete eller åtgärd som kommunen och/eller polisen åtar sig att göra och som ska kommuniceras med medborgarna.</p>
<h4>Syften med medborgarlöften</h4>
<ul><li>Skapa och ta tillvara engagemang i lokal samhället.</li>
<li>Kommunicera brottförebyggande och trygghetsskapande aktiviteter.</li>
<li>Öka förtroendet och nöjdheten med parternas arbete.</li>
<li>Säkerställa medborgarnas möjlighet att påverka beslutsprocesser.</li>
<li>Stärka parternas lokala närvaro och tillgänglighet.</li></ul>
<p>Upplands-Bro kommun och Lokalpolisområde Järfälla/Upplands-Bro har tidigare haft gemensamma medborgarlöften, det senaste avseende 2018.</p>"""

CHILD_PERSPECTIVE = (
    "En samverkan mellan kommun och polis för ett tryggare och säkrare närsamhälle är gynnsamt "
    "för alla medborgare, och kan bidra till en tryggare och säkrare plats för barn och unga att "
    "växa upp på. Medborgarlöften baseras på medborgarnas lägesbild och där ingår även gruppen "
    "barn och unga, dvs i processen med framtagande av ett medborgarlöfte kommer barns- och "
    "ungas perspektiv att inhämtas.")

CASE = {
    "title": "Medborgarlöfte",
    "office": "Kommunledningskontoret",
    "officer_name": "Camilla Stark",
    "officer_email": "camilla.stark@upplands-bro.se",
    "date": date(2022, 1, 21),
    "proposals": ["Trygghetsutskottet ger kommundirektör i uppdrag att ta fram förslag på "
                  "medborgarlöfte tillsammans med lokalpolisområde Järfälla Upplands-Bro."],
    "summary": SUMMARY,
    "decision_basis": ["Kommunledningskontorets tjänsteskrivelse den 21 januari 2022.",
                       "KS 17 0273 Medborgarlöfte 2018"],
    "body": BODY,
    "child_perspective": CHILD_PERSPECTIVE,
    "signatories": [{"name": "Ida Texell", "title": "Kommundirektör"},
                    {"name": "Camilla Stark",
                     "title": "Enhetschef Trygghets- och preventionsenheten"}],
    "send_to": ["Lokalpolisområdeschef"],
}

# The attachment: the medborgarlöfte of 2018, as the handlingar of 18 February 2022 carry it.
PROMISE_2018_TITLE = "Medborgarlöfte i Upplands-Bro 2018"
PROMISE_2018 = [
    ("p", "Polisen och Upplands-Bro kommun kommer under 2018 särskilt fokusera på att "
          "tillsammans arbeta för en tryggare miljö i kommunen."),
    ("p", "Medborgarlöftet är en del av det brottsförebyggande och trygghetsskapande arbete som "
          "polis och kommun gemensamt ansvarar för. Medborgarlöftet baseras på resultat från "
          "dialog med medborgarna samt medarbetare inom polisen och kommunen samt "
          "anmälningsstatistik, händelserapporter och underrättelser."),
    ("p", "Dialogen med medborgarna i Upplands-Bro visar att de platser som upplevs som mest "
          "otrygga är Bro centrum, stationsområdet i Bro samt de centrala delarna av Kungsängen. "
          "Otryggheten grundar sig huvudsakligen i en oro för att utsättas för brott på dessa "
          "platser."),
    ("h", "Det här ska vi göra"),
    ("p", "Under 2018 kommer polisen och Upplands-Bro kommun att särskilt fokusera på att öka "
          "tryggheten i de centrala delarna av Bro och Kungsängen med tillhörande "
          "stationsområden, eftersom dessa områden är de som upplevs som mest otrygga av "
          "medborgarna."),
    ("p", "Detta är vårt gemensamma medborgarlöfte till dig som bor i Upplands-Bro kommun."),
    ("h", "Vi kommer under året att genomföra följande"),
    ("ul", ["Ökad polisiär närvaro i ovan nämnda områden.",
            "Minst åtta i förväg planerade gemensamma insatser på dessa platser med synlig "
            "närvaro av polis, polisvolontärer, kommunal personal, trygghetsvårdar och andra "
            "trygghetsskapande aktörer.",
            "Kommun och polis ska samverka för att stödja och utveckla nattvandringar i samtliga "
            "kommundelar.",
            "Minst fyra i förväg planerade narkotikainsatser på dessa platser, där polis och "
            "socialtjänst har en operativ samverkan.",
            "Kommunen åtar sig att ha lokal trygghetsskapande personal i Bro bl.a. genom "
            "Fryshuset, som bedriver trygghetsinriktade insatser.",
            "Kommun, polis och bostadsföretagen ska gemensamt bland annat genom träffar med "
            "kontaktpersoner för grannsamverkan mot brott, utveckla det kvalitativa arbetet med "
            "att förebygga inbrott i bostäder."]),
    ("h", "Samverkansöverenskommelse"),
    ("p", "Utöver medborgarlöftet kommer insatser att ske i samverkan i det brottsförebyggande "
          "och trygghetsskapande arbetet under hela samverkansperioden om inget annat nämns."),
    ("p", "Insatserna kan förändras mot bakgrund av nya behov eller ny kunskap inom området. Det "
          "beskrivs i den åtgärdsplan som bifogades samverkansöverenskommelsen 2017-2018."),
    ("h", "Förväntad effekt"),
    ("p", "Syftet med medborgarlöftet är att tillgodose de önskemål medborgarna framfört under "
          "medborgardialogerna. Genom ovan beskrivna åtgärder förväntas området bli en tryggare "
          "miljö för de som vistas i områdena."),
    ("h", "Följ med i hur det går!"),
    ("p", "Löftet ska följas upp under året och kommer att kommuniceras till medborgarna främst "
          "på polisens och kommunens hemsidor samt sociala medier."),
    ("signature", "Lokalpolisområdeschef"),
    ("signature", "Kommundirektör"),
]

# The information meeting of 3 April (2020): its points and minnesanteckningar (seed 000).
OPENING_2020 = ("<p>Hans Åberg (L), vice ordförande i Trygghetsutskottet, hälsar alla välkomna "
                "och ger en kort presentation av vilka områden som kommer att behandlas under "
                "informationsmötet.</p>")
OTHERS_2020 = ("Rafif Makboul Kaleem, enhetschef Trygghet och prevention\n"
               "Ida Texell, kommundirektör")
FOOTNOTES_2020 = [
    "Folkhälsomyndigheten, utgivningsdatum: 2020-04-01 https://www.folkhalsomyndigheten.se/"
    "contentassets/a1350246356042fb9ff3c515129e8baf/hslf-fs-2020-12-allmanna-rad-om-allas-"
    "ansvar-covid-91.pdf"]
POINTS_2020 = [
    ("Trygghetsinsatser och effektanalys", "Rafif Makboul Kaleem, enhetschef Trygghet och prevention",
     "<p>Rafif Makboul Kaleem, enhetschef Trygghet och prevention informerar utskottet om att de "
     "har gjort en effektanalys av de trygghetsinsatser som har genomförts i Upplands-Bro. "
     "Effektanalysen ska även förankras i brottsförebyggande rådet och därefter behandlas i "
     "Trygghetsutskottet.</p>"),
    ("Statusuppdatering - handlingsplaner och strategier social hållbarhet", "",
     "<p>Efter Kommunstyrelsens beslut om att ge Kommundirektören i uppdrag att förnya "
     "målformuleringarna i strategin för ett socialt hållbart Bro så har arbetet dragit igång. "
     "Nya målformuleringar är framtagna som ska diskuteras i Brottsförebyggande rådet och "
     "därefter presenteras för Trygghetsutskottet. Arbetet med handlingsplanen för ett socialt "
     "hållbart Upplands-Bro har inte påbörjats än på grund av rådande läge då resurser har "
     "omprioriterats för tillfället.</p>"),
    ("Orientering av krisledning för att minska smittspridning av COVID-19", "Kommundirektören",
     "<p>Kommundirektören informerar om orientering av krisledning för att minska smittspridning "
     "av COVID-19:</p>"
     "<h4>Kommunal nivå</h4>"
     "<p>Sedan slutet av februari finns en kommunövergripande krisledningsstab som leds av "
     "kommundirektör Ida Texell. Onsdagen den 1 april startades även en kontorsövergripande stab "
     "(Helix), för att stötta socialkontoret under det ansträngda läget kopplat till "
     "coronavirusets effekter. Målet med stabens verksamhet är att säkra materiel och "
     "skyddsutrustning samt att säkerställa kompetensförsörjning inom vård och omsorg. Genom att "
     "etablera en stab riktas ett tydligt fokus på den utmaning vi både befinner oss i och står "
     "inför.</p>"
     "<p>System för bemanning och personalförstärkning är igång. Personalresurser inventeras "
     "löpande och sedan den 2 april gick kommunen ut med möjligheter till att få in personal "
     "externt och därefter utbilda dem. Upplands-Bro förbereder för maj/juni och samverkar inom "
     "Nordväst.</p>"
     "<p>Kraftfulla satsningar på kommunikation/och information genomförs. En stödlinje för "
     "äldre och anhöriga har startats. Kommunen delar ut informationslappar på 16 olika språk. "
     "Det har arbetats fram ett särskilt stödpaket till barn och ungdomar. Kommunens budskap "
     "delas i sociala kanaler och via lokalmedia och igår, den 2 april, byggdes webben om för "
     "att nå ut till medborgare med information. Kommunikation från Upplands-Bro ska vara "
     "snabb, tydlig och faktabaserad med säker information.</p>"
     "<p>För Socialkontorets verksamheter har en kontakt med Socialstyrelsen etablerats och "
     "idag, den 3 april, har Upplands-Bro beretts en unik möjlighet att ta del av den nationella "
     "modellen som kommer nästa vecka. Kommunen har också getts en unik möjlighet att lämna "
     "feedback på hur modellen ska konstrueras.</p>"
     "<p>Varje dag står kommunen inför ett nytt läge med större antal insjuknade, men i relation "
     "till kommunens population så ligger vi lågt i antalet bekräftat smittade. Kommunen arbetar "
     "efter en strukturerad plan och fokus nu är på att upprätta fortsatt strukturerad plan till "
     "hösten. Utbildningskontoret genomför nu många distansutbildningar bland annat på "
     "Upplands-Bro Gymnasiet och Komvux. Det finns ett visst bortfall men bemanningen fungerar "
     "bra.</p>"
     "<p>Upplands-Bro kommun förbereder sig även för ett ökat uppdrag att bistå regionen. I och "
     "med det utmanande läget behöver vi förbereda för att vårda i hemmet. Frivilliga "
     "resursgruppen (FRG) är en grupp frivilliga som stödjer och hjälper till. Bland annat "
     "tillverkar de skyddsutrustning och kommundirektören ger dom en eloge och ett varmt tack. "
     "Alla har arbetat otroligt effektivt och beslutsloggar finns, detta innebär att de kommer "
     "kunna redovisas under hösten.</p>"
     "<h4>Region Stockholm</h4>"
     "<p>Kurvan pekar uppåt, ökad smittspridning och ökat antal insjuknande och avlidna. Detta "
     "innebär ett fortsatt mycket pressat läge i Region Stockholm. Regionen har fortfarande "
     "kapacitet trots stor ökning av antalet smittade, inlagda på sjukhus, IVA-vårdade patienter "
     "och avlidna. Smittspridningen uppges av såväl myndigheter som av kommuner ha ökat kraftigt "
     "på äldreboenden, särskilt i storstadsområdena. Region Stockholm har fattat beslut om att "
     "begära att krislägesavtalet aktiveras hos Sveriges Kommuner och Regioner, SKR. Beslutet "
     "fattades av regionstyrelsen och gäller de medarbetare som arbetar i regionens "
     "intensivvårdsverksamhet. Regionen fortsätter också att rekrytera personal.</p>"
     "<h4>Nationell nivå</h4>"
     "<p>Folkhälsomyndigheten skärper direktiven. Alla verksamheter i Sverige är skyldiga att, "
     "utifrån Folkhälsomyndighetens rekommendationer, vidta åtgärder för att minska risken för "
     "smittspridning. Det kan röra sig om att informera allmänheten, undvika att flera personer "
     "samlas, markera avstånd i exempelvis köer och erbjuda möjlighet till handtvätt med tvål "
     "och vatten. Personer över 70 år och de som tillhör andra riskgrupper bör begränsa sina "
     "fysiskt nära kontakter med andra och helt undvika att åka med kollektivtrafik och andra "
     "allmänna färdmedel samt undvika att handla i butiker som apotek och matvarubutiker eller "
     "vistas på andra platser där människor samlas. Folkhälsomyndighetens föreskrifter och "
     "allmänna råd har den 31 december 2020 som slutdatum. De kan upphävas före slutdatum, eller "
     "förlängas, om det behövs.<sup>1</sup></p>"),
    ("Enheterna Trygghet och prevention samt Säkerhet och beredskap", "",
     "<p>Det pågår nu en process där enheterna säkerhet och beredskap samt trygghet och "
     "prevention ska samarbeta mer än vad de gör i dagsläget. Arbetet pågår men har blivit något "
     "fördröjt med anledning av covid-19.</p>"),
    ("Samverkansöverenskommelse med polis", "",
     "<p>Samarbete med polisen har etablerats efter att samverkansöverenskommelse undertecknats. "
     "Trygghet och prevention träffas frekvent med kommunpolis och har regelbundet avstämningar "
     "och uppföljningar. I samband med samverkansöverenskommelsen upprättades även snabbare "
     "lagföring av unga.</p>"
     "<p>Ett arbete om medborgarlöften har också startats vilket är ett sätt för polis och kommun "
     "att tillsammans prata med invånare om vad man ser för utmaningar i områden som berör "
     "trygghet. Medborgardialoger ska genomföras vilket ska resulteras i medborgarlöfte 2021. "
     "När detta kan genomföras är dock oklart med tanke på omständigheterna.</p>"
     "<p>Trygghetscentret fick tidigare samma vecka besök av rikspolischef Anders Thornberg och "
     "Rafif uttrycker att de har sett många positiva effekter av kommunens utvecklade samarbete "
     "med polisen. Även politiker instämmer och upplever att den polisiära närvaron har stärkts "
     "vilket ökar tryggheten.</p>"),
    ("Rapport från brottsförebyggande rådet", "",
     "<p>Brottsförebyggande rådet har den här månaden inte haft ett sammanträde. Deras fokus "
     "ligger bland annat på strategi för socialt hållbart Bro, effektmätning, "
     "avhopparverksamhet. Den Sociala insatsgruppen (SIG) ska besöka rådet vid något passande "
     "tillfälle.</p>"),
    ("Catena avbryter flyttplaner", "",
     "<p>Trots att konsekvenserna av covid-19 kommer resultera i långsiktiga effekter för "
     "samhället och framför allt näringsliv är det glädjande att Catena meddelat att de i "
     "nuläget avbryter sin flytt till Eskilstuna.</p>"),
]

PLACE = "Kommunhuset, Kungsängen"


def _at(day: date, hour: int = 13):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def promise_2018_pdf() -> bytes:
    blocks = []
    for kind, content in PROMISE_2018:
        if kind == "ul":
            blocks.append({"kind": "ul", "items": content})
        elif kind == "signature":
            blocks.append({"kind": "signature", "place": "Ort och datum", "text": content})
        else:
            blocks.append({"kind": kind, "text": content})
    return render_pdf("meetings/pdf/plain_document.html",
                      {"title": PROMISE_2018_TITLE, "blocks": blocks})


def load(context):
    if Committee.objects.exists():
        return
    staff = context.users["sekreterare"]
    committee = services.save_committee(
        committee=Committee(name="Trygghetsutskottet", protocol_kept_at="Kommunledningskontoret"),
        by=staff)
    members = {}
    for name, party, role in MEMBERS:
        members[name] = services.save_committee_member(
            member=CommitteeMember(committee=committee, name=name, party=party, role=role),
            by=staff)

    # The information meeting of 3 April 2020 and its minnesanteckningar.
    april = services.create_meeting(by=staff, committee=committee, kind="informationsmote",
                                    starts_at=_at(date(2020, 4, 3)), place=PLACE)
    for title, speaker, _notes in POINTS_2020:
        services.add_information_point(meeting=april, by=staff, title=title, speaker=speaker)
    services.call_meeting(meeting=april, by=staff)
    services.mark_meeting_held(meeting=april, by=staff)
    minutes = services.start_protocol(meeting=april, by=staff)
    services.update_protocol(protocol=minutes, by=staff, opening=OPENING_2020,
                             others_present=OTHERS_2020, footnotes=FOOTNOTES_2020)
    attendance = {a.name: a for a in minutes.attendance.all()}
    # The vice chair led the meeting: the chair was away.
    services.set_attendance(protocol=minutes, by=staff, rows=[
        {"attendance": attendance["Olle Ordförande"].pk, "presence": "franvarande",
         "serving_for": None}])
    for paragraph, (_title, _speaker, notes) in zip(minutes.paragraphs.order_by("position"),
                                                    POINTS_2020):
        services.record_paragraph(paragraph=paragraph, by=staff, notes=notes)
    services.adjust_protocol(protocol=minutes, by=staff, adjusted_on=date(2020, 4, 3))
    services.publish_protocol(protocol=minutes, by=staff)

    # The sammanträde of 18 February 2022 with KS 22/0091.
    case = services.create_case(by=staff, committee=committee,
                                diarienummer=diarium.parse("KS 22/0091"), **CASE)
    services.add_attachment(case=case, by=staff, title="KS 17 0273 Medborgarlöfte 2018",
                            upload=SimpleUploadedFile("medborgarlofte-2018.pdf",
                                                      promise_2018_pdf()))
    services.change_case_status(case=case, by=staff, to="klar")
    february = services.create_meeting(by=staff, committee=committee, kind="sammantrade",
                                       starts_at=_at(date(2022, 2, 18)),
                                       ends_at=_at(date(2022, 2, 18), 15), place=PLACE)
    services.add_case_to_agenda(meeting=february, by=staff, case=case)
    services.call_meeting(meeting=february, by=staff)
    services.publish_handlingar(meeting=february, by=staff)
    services.mark_meeting_held(meeting=february, by=staff)
    for job in DocumentJob.objects.filter(meeting=february):
        # Compiled here, so the demo has its PDF at once; the queued task then finds it done.
        services.run_handlingar(job_id=job.pk)
    staff_job = services.queue_handlingar(meeting=february, by=staff)
    services.run_handlingar(job_id=staff_job.pk)

    # A coming sammanträde, with the latest published lägesbild on its agenda.
    coming = context.today + timedelta(days=(3 - context.today.weekday()) % 7 + 14)
    upcoming = services.create_meeting(by=staff, committee=committee, kind="sammantrade",
                                       starts_at=_at(coming), ends_at=_at(coming, 15),
                                       place=PLACE)
    from .services.meetings import latest_published_report

    if latest_published_report() is not None:
        services.add_information_point(
            meeting=upcoming, by=staff, title="Lägesbild",
            speaker="Karin Koordinator, samordnare Trygghet och prevention",
            notes="Veckans lägesbild från EST-loggen och förslag på insatser.",
            embed_report=True)
    context.summary.append("utskottet med 3 möten och ärendet KS 22/0091")
