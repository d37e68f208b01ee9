"""What the demo's arenas say: titles, programmes, the reflection questions, the people who
register and what they post on the wall. Pure data; `arenas.py` writes it.

Texts are Bokmål, with a few Nynorsk contributions and roles from the Nynorsk municipalities.
"""

# The four reflection questions of the 2021 arenas; a new arena starts from them.
QUESTIONS: tuple[str, ...] = (
    "Hvordan kan bibliotekene nå nye målgrupper, når halve befolkningen ikke bruker biblioteket?",
    "Hvordan kan frivilligheten i hver kommune engasjeres, slik at aktivitetene blir bedre kjent "
    "og nye samarbeid oppstår?",
    "Hvordan kan flere inkluderes, og inkluderende lokalsamfunn skapes?",
    "Hva kan vi samskape og utvikle sammen?",
)

# (start, end, title, description) of a three-hour digital arena, times of day in Oslo.
PROGRAMME_2021: tuple[tuple[str, str, str, str], ...] = (
    (
        "09:00",
        "09:15",
        "Velkommen",
        "Fylkesbibliotekene ønsker velkommen og forteller hvorfor vi samskaper.",
    ),
    (
        "09:15",
        "10:00",
        "Korte innlegg",
        "Tre kommuner forteller om samarbeid mellom bibliotek, frivillighet og kommune: "
        "språkkafé, leksehjelp og digital hjelp for seniorer.",
    ),
    (
        "10:00",
        "10:40",
        "Gruppearbeid, runde 1",
        "Grupper på fem fra ulike sektorer og kommuner drøfter spørsmålene og skriver svarene "
        "sine på veggen.",
    ),
    ("10:40", "10:50", "Pause", ""),
    (
        "10:50",
        "11:15",
        "Plenum",
        "Vi ser på veggen sammen og trekker fram det gruppene har mest tro på.",
    ),
    (
        "11:15",
        "11:45",
        "Gruppearbeid, runde 2",
        "Nye grupper, nye folk: hva kan vi gjøre sammen det neste halvåret?",
    ),
    (
        "11:45",
        "12:00",
        "Oppsummering og veien videre",
        "Hva tar vi med oss, og hvem følger opp hva?",
    ),
)

# The 2021 arenas: key → (county, title, description, date, registration opens, closes).
PAST_ARENAS: dict[str, tuple[str, str, str, str, str, str]] = {
    "arena1": (
        "40",
        "Samskapingsarena 1: Nye målgrupper og frivilligheten",
        "Den første digitale samskapingsarenaen for bibliotek, kommunal kultur og folkehelse, "
        "frivillige organisasjoner og frivilligsentraler i Vestfold og Telemark. Halve "
        "befolkningen bruker ikke biblioteket: hvordan når vi dem sammen med frivilligheten? "
        "Vi møtes i små grupper på tvers av sektorer og kommuner, deler erfaringer og samler "
        "ideer vi kan gjøre noe med.",
        "2021-04-20",
        "2021-03-08 09:00",
        "2021-04-16 12:00",
    ),
    "arena2": (
        "39",
        "Samskapingsarena 2: Inkluderende lokalsamfunn",
        "Den andre digitale samskapingsarenaen bygger videre på ideene fra april. Denne gangen "
        "møtes vi i grupper med folk fra egen og nabokommunen for å finne konkrete "
        "samarbeid: hvordan kan flere inkluderes, og hva kan vi samskape og utvikle sammen?",
        "2021-10-26",
        "2021-09-01 09:00",
        "2021-10-22 12:00",
    ),
}

UPCOMING_TITLE = "Samskapingsarena: Møteplasser mot ensomhet"
UPCOMING_DESCRIPTION = (
    "En hel dag om møteplasser som får flere med: bibliotek, frivilligsentraler, lag og "
    "foreninger og kommunene i Telemark deler erfaringer og lager nye samarbeid. Arenaen er "
    "hybrid: kom til Skien bibliotek, eller vær med digitalt. Telemark fylkesbibliotek og "
    "Skien Røde Kors inviterer sammen. Lunsj for dem som kommer fysisk."
)
# (start, end, title, description) of the upcoming hybrid day.
PROGRAMME_UPCOMING: tuple[tuple[str, str, str, str], ...] = (
    ("09:30", "10:00", "Kaffe og registrering", "For dem som kommer til biblioteket."),
    (
        "10:00",
        "10:20",
        "Velkommen",
        "Telemark fylkesbibliotek og Skien Røde Kors ønsker velkommen.",
    ),
    (
        "10:20",
        "11:00",
        "Korte innlegg",
        "Besøkstjeneste, strikkekafé og leksehjelp: tre møteplasser forteller.",
    ),
    (
        "11:00",
        "11:45",
        "Gruppearbeid, runde 1",
        "Grupper på tvers av sektorer, i salen og digitalt.",
    ),
    ("11:45", "12:30", "Lunsj", ""),
    (
        "12:30",
        "13:15",
        "Gruppearbeid, runde 2",
        "Grupper med folk fra egen kommune: hva gjør vi sammen det neste året?",
    ),
    ("13:15", "13:45", "Plenum", "Vi ser på veggen sammen."),
    (
        "13:45",
        "14:00",
        "Oppsummering og veien videre",
        "Hvem følger opp hva, og når møtes vi igjen?",
    ),
)

FIRST_NAMES: tuple[str, ...] = (
    "Anne", "Kari", "Ingrid", "Marit", "Hilde", "Silje", "Ida", "Nora", "Ragnhild", "Tone",
    "Solveig", "Eva", "Gunhild", "Åse", "Kristin", "Berit", "Liv", "Torill", "Mona", "Camilla",
    "Maria", "Sara", "Hanne", "Heidi", "Randi", "Astrid", "Sigrid", "Turid", "Guro", "Eli",
    "Ola", "Per", "Lars", "Jon", "Knut", "Erik", "Tor", "Geir", "Arne", "Bjørn", "Morten",
    "Espen", "Even", "Håkon", "Olav", "Sindre", "Magnus", "Vegard", "Gunnar", "Halvor",
    "Ahmed", "Amina", "Fatima", "Mohammed", "Yonas", "Agnieszka", "Tomasz", "Leila",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Berg", "Haugen", "Bakke", "Lie", "Dahl", "Moen", "Strand", "Solberg", "Lunde", "Aasen",
    "Nordby", "Vik", "Grave", "Bø", "Flatland", "Kvåle", "Rui", "Dale", "Holtan", "Tveit",
    "Aas", "Sand", "Heggenes", "Midtbø", "Nordbø", "Tveiten", "Lia", "Hegna", "Kittilsen",
    "Halvorsen", "Gundersen", "Hoel", "Sørensen", "Jacobsen",
)  # fmt: skip

# Roles by kind of organisation: (Bokmål, Nynorsk).
ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "library": (
        ("Biblioteksjef", "Bibliotekar", "Rådgiver formidling", "Fagansvarlig voksne"),
        ("Biblioteksjef", "Bibliotekar", "Rådgjevar formidling"),
    ),
    "library_branch": (("Avdelingsleder", "Bibliotekar"), ("Avdelingsleiar", "Bibliotekar")),
    "culture": (
        ("Kultursjef", "Kulturkonsulent", "Rådgiver kultur"),
        ("Kultursjef", "Kulturkonsulent", "Rådgjevar kultur"),
    ),
    "public_health": (
        ("Folkehelsekoordinator", "Rådgiver folkehelse"),
        ("Folkehelsekoordinator", "Rådgjevar folkehelse"),
    ),
    "volunteer_centre": (
        ("Daglig leder", "Frivilligkoordinator"),
        ("Dagleg leiar", "Frivilligkoordinator"),
    ),
    "voluntary": (
        ("Leder", "Styremedlem", "Nestleder", "Frivillig", "Aktivitetsleder"),
        ("Leiar", "Styremedlem", "Nestleiar", "Frivillig"),
    ),
}

# Informal groups people type in because they are not in the directory:
# (municipality, name).
INFORMAL_GROUPS: tuple[tuple[str, str], ...] = (
    ("4003", "Nabolagsgruppa på Klyve"),
    ("4001", "Turgruppa for nye i Porsgrunn"),
    ("3907", "Foreldrenettverket på Bugården"),
    ("3909", "Lesesirkelen i Stavern"),
    ("4020", "Bø frivillige ungdomsråd"),
    ("4012", "Strikkegjengen i Langesund"),
    ("3905", "Kvinnenettverket i Tønsberg"),
    ("4026", "Rjukan seniordans"),
)

ACCESSIBILITY_NEEDS: tuple[str, ...] = (
    "Hørselshemmet: ønsker teksting på plenumsdelene.",
    "Bruker skjermleser. Send gjerne presentasjonene på forhånd.",
    "Trenger pauser med jevne mellomrom.",
    "Ønsker tegnspråktolk.",
)
DIETARY_NEEDS: tuple[str, ...] = (
    "Vegetar",
    "Glutenfri",
    "Laktoseintoleranse",
    "Halal",
    "Nøtteallergi",
)

# Contributions on each past arena's wall: question number (0-3) → (kind, text), where kind
# is "a" (answer) or "i" (idea).
CONTRIBUTIONS: dict[str, dict[int, tuple[tuple[str, str], ...]]] = {
    "arena1": {
        0: (
            ("a", "Gå dit folk er: kjøpesenteret, helsestasjonen, idrettshallen og NAV."),
            ("i", "Pop-up-bibliotek på kjøpesenteret en lørdag i måneden, sammen med frivillige."),
            ("a", "Mange vet ikke at biblioteket er gratis og har mye mer enn bøker."),
            ("i", "Bokkasser på legekontor og venterom, som frivillige fyller på."),
            ("a", "Samarbeid med helsestasjonen om Bokstart for alle nyfødte."),
            ("i", "Lånekort på kjøpet når en tar imot nye innbyggere i kommunen."),
            ("a", "Ungdom kommer når de får være med og bestemme, ikke når vi inviterer dem."),
            ("i", "La ungdommen drive en gaming-kveld selv, med biblioteket som vert."),
            ("a", "Åpne bibliotek på kveldstid gjør det lettere for dem som jobber skift."),
            ("i", "Språkkafé på arbeidsplasser med mange nye innbyggere."),
            ("a", "Menn over 40 er en gruppe vi nesten aldri ser. Hvorfor ikke verksted?"),
            ("i", "Reparasjonskafé på biblioteket sammen med pensjonistforeningen."),
            ("a", "Frivillige kan være ambassadører for biblioteket i sine egne miljøer."),
            ("a", "Biblioteket må markedsføre seg der folk er på nett, i lokale Facebook-grupper."),
            ("a", "Bibliotek som møteplass for lag og foreninger: gratis rom å låne."),
            ("i", "Lesevenner som kommer hjem til dem som ikke kommer seg ut."),
            ("a", "Vi må spørre dem som ikke kommer, ikke bare dem som er her."),
            ("a", "Ein må gjere biblioteket til ein stad der ein kan vere utan å låne noko."),
            ("i", "Turbibliotek: bokkasse i gapahuken langs turløypa, med Turlaget."),
            ("a", "Samarbeid med introduksjonsprogrammet om omvisning for alle nye."),
        ),
        1: (
            ("a", "Frivilligsentralen kjenner lagene. Bruk den som bindeledd."),
            ("i", "En felles aktivitetskalender for hele kommunen der alle lag legger inn sitt."),
            ("a", "Mange lag sliter med å rekruttere. Felles rekruttering kan hjelpe."),
            ("i", "Frivillighetens dag på biblioteket, der lagene presenterer seg."),
            ("a", "Frivillige vil gjerne bidra, men trenger en tydelig og avgrenset oppgave."),
            ("a", "Kommunen kan gjøre det enklere å låne lokaler gratis."),
            ("i", "Lagsmesse hver høst i kulturhuset, med kommunen som arrangør."),
            ("a", "Små lag har ikke tid til møter på dagtid. Legg møtene til kveldstid."),
            ("a", "Kulturenheten og frivilligsentralen bør snakke sammen oftere."),
            ("i", "Et frivillignettverk i hver kommune som møtes to ganger i året."),
            ("a", "Fortell historiene om hva frivilligheten får til, i lokalavisa."),
            ("a", "Folkehelsekoordinatoren kan hjelpe lagene å søke tilskudd."),
            ("a", "Det trengst ein kontaktperson i kommunen som lag kan ringje til."),
            ("i", "Kurs i søknadsskriving for lag og foreninger på biblioteket."),
            ("a", "Ungdom vil gjerne være frivillige i korte perioder, ikke i styreverv."),
            ("i", "Frivillig-app der en kan melde seg på enkeltoppdrag."),
            ("a", "Samarbeid bør starte med noe konkret og lite, ikke en stor plan."),
            ("i", "Felles dugnad for biblioteket og lagene: leseuke for barn om høsten."),
        ),
        2: (
            ("a", "Gratis aktiviteter er viktig når mange familier har dårlig råd."),
            ("a", "Tenk universell utforming fra start, også i digitale tilbud."),
            ("i", "Følgetjeneste til arrangementer for dem som ikke kommer seg dit alene."),
            ("a", "Språk er en barriere. Enkelt språk i invitasjonene hjelper mange."),
            ("a", "Inkludering skjer når folk gjør noe sammen, ikke bare sitter i samme rom."),
            ("i", "Invitasjoner på flere språk, laget sammen med innvandrerforeningene."),
            ("a", "Eldre som bor alene trenger noen som spør dem personlig."),
            ("a", "Ein må våge å invitere dei som ikkje plar kome."),
            ("i", "Faddere for nye innbyggere som viser dem lag og foreninger."),
            ("a", "Transport er et stort hinder i distriktskommunene."),
            ("a", "Lavterskel betyr også at en kan komme uten å melde seg på."),
            ("i", "Digital hjelp i små grupper for dem som står utenfor."),
            ("a", "Barn og unge bør spørres om hva de ønsker seg."),
            ("a", "Vi må bli flinkere til å samarbeide med NAV og flyktningtjenesten."),
            ("i", "Felles ferieaktiviteter i sommerferien for barn som ikke reiser bort."),
            ("a", "Mental Helse og biblioteket kan lage rolige møteplasser sammen."),
        ),
        3: (
            ("i", "En felles samskapingsarena hvert halvår, med oppfølging mellom gangene."),
            ("i", "Språkkafé i alle kommuner, drevet av frivillige med biblioteket som vert."),
            ("i", "Leksehjelp på biblioteket med Røde Kors og frivilligsentralen."),
            ("i", "Seniornett og biblioteket: fast datahjelp hver uke."),
            ("i", "Felles kurs for frivillige i alle kommunene i regionen."),
            ("i", "Lokalhistoriske kvelder med historielaget på biblioteket."),
            ("i", "Turer med lydbok: bibliotek og turlag lager lyttevandringer."),
            ("i", "Ei felles oversikt over møtestader i kvar kommune."),
            ("i", "Ungdomsstyrt kveldsåpent bibliotek én kveld i uka."),
            ("i", "Leseombud i omsorgsboliger med Leser søker bok."),
            ("i", "En felles søknad om midler til et prosjekt om ensomhet."),
            ("i", "Biblioteket låner ut utstyr til lagene: projektor, høyttalere, spill."),
            ("i", "Nettverk for frivilligkoordinatorer på tvers av kommunene."),
            ("i", "Strikkekafé og fortellerkveld i samme rom, på tvers av generasjoner."),
            ("i", "Et felles årshjul, så arrangementene ikke kolliderer."),
            ("i", "Følge opp: møtes igjen i oktober og se hva som er gjort."),
        ),
    },
    "arena2": {
        0: (
            ("a", "Etter april har vi prøvd pop-up-bibliotek på kjøpesenteret. Det virket!"),
            ("a", "Vi nådde nye familier gjennom helsestasjonen."),
            ("i", "Biblioteket på skolens foreldremøter i 1. klasse."),
            ("a", "Gratis arrangementer på lørdager trekker nye folk."),
            ("i", "Bokbuss eller bokkasse i grendene som ikke har filial."),
            ("a", "Ungdommene kom da de fikk lov til å lage arrangementet selv."),
            ("a", "Me når fleire når me samarbeider med idrettslaget."),
            ("i", "Sommerles for voksne, sammen med pensjonistforeningene."),
            ("a", "Nye innbyggere trenger en personlig invitasjon."),
            ("i", "Biblioteket på introduksjonsprogrammets første dag."),
            ("a", "Det hjelper å ha faste dager og tider, så folk vet når vi er der."),
            ("i", "Meråpent bibliotek med vertskap fra frivilligsentralen om kvelden."),
            ("a", "Mange menn kom på reparasjonskafeen. Det var nytt for oss."),
            ("i", "Lydbokkurs for seniorer som har mistet synet."),
            ("a", "Me må vise kva biblioteket har, ikkje berre fortelje om det."),
        ),
        1: (
            ("a", "Aktivitetskalenderen gjør tilbudene synlige for flere."),
            ("a", "Frivilligsentralen har blitt et naturlig møtepunkt for lagene."),
            ("i", "Lagsmesse på biblioteket sammen med kommunen i september."),
            ("a", "Samarbeid går lettere når vi kjenner hverandre fra før."),
            ("i", "Kaffe og lagsprat første mandag i måneden på biblioteket."),
            ("a", "Lagene vil gjerne ha hjelp til å nå ut på sosiale medier."),
            ("i", "Kurs i sosiale medier for lag og foreninger."),
            ("a", "Tilskuddsordningene må være enkle å søke på for små lag."),
            ("a", "Frivillige ønsker å bli sett og takket."),
            ("i", "Frivillighetsprisen deles ut på biblioteket hvert år."),
            ("a", "Det er lettere å be om hjelp til noe konkret enn å be folk bli med i laget."),
            ("i", "Ein felles frivilligbank for heile regionen."),
            ("a", "Kommunen kan gi lagene gratis annonsering i kommunens kanaler."),
            ("a", "Vi trenger møteplasser der lagene kan bli kjent med hverandre."),
        ),
        2: (
            ("a", "Et inkluderende lokalsamfunn har møteplasser uten krav om kjøp."),
            ("i", "Språkvenner som møtes på biblioteket og går tur sammen."),
            ("a", "Tilrettelegg for rullestol og rullator i alle lokaler vi bruker."),
            ("a", "Vi må tenke på de unge som verken går på skole eller er i jobb."),
            ("i", "Aktivitetsguide som hjelper barn inn i lag og foreninger."),
            ("a", "Fritidskortet gjør det lettere for barn å delta."),
            ("i", "Utlån av sportsutstyr på biblioteket, sammen med BUA."),
            ("a", "Invitér folk til å bidra, ikke bare til å delta."),
            ("a", "Innvandrerforeningene er viktige brobyggere."),
            ("i", "Kulturkveld der nye innbyggere lager mat og forteller fra hjemlandet."),
            ("a", "Vi må ha tilbud på dagtid for dem som ikke er i jobb."),
            ("i", "Besøksvenn på biblioteket: et fast bord der en kan sette seg og prate."),
            ("a", "Inkludering handlar om at alle kjenner seg velkomne, også dei eldste."),
            ("a", "Digitalt utenforskap rammer mange eldre. Datahjelp er inkludering."),
            ("i", "Strikkekafé for ukrainske kvinner og lokale strikkere sammen."),
            ("a", "Ungdom må få eierskap til stedene de bruker."),
            ("a", "Lavterskel betyr også gratis og nær."),
        ),
        3: (
            ("i", "Felles prosjektsøknad om møteplasser mot ensomhet i 2022."),
            ("i", "Regional frivillighetsdag for Vestfold og Telemark."),
            ("i", "Samskapingsarena for ungdom, laget av ungdom."),
            ("i", "Møteplass for frivilligkoordinatorer og bibliotekarer hvert kvartal."),
            ("i", "Felles kurs i klart språk for bibliotek og lag."),
            ("i", "Turbibliotek langs kyststien, med DNT."),
            ("i", "Høytlesing på sykehjem i alle kommuner med Leser søker bok."),
            ("i", "Digital hjelp i grendehusene, med Seniornett og biblioteket."),
            ("i", "Ei felles plattform der alle aktivitetar i fylket er samla."),
            ("i", "Språkkafé med barnepass, så foreldre også kan komme."),
            ("i", "Leksehjelp med frivillige studenter fra universitetet."),
            ("i", "Lokalhistorie på nett, laget av historielagene og biblioteket."),
            ("i", "Følgjeteneste til kulturarrangement for eldre."),
            ("i", "Kartlegge hvilke møteplasser som finnes i hver kommune."),
            ("i", "Sommerklubb for barn i alle kommuner, bibliotek og idrettslag sammen."),
            ("i", "Møtes igjen om et år og se hvem som har samarbeidet."),
        ),
    },
}

# Near-duplicates a host merged into an earlier contribution: (arena, question, index of the
# contribution kept, text of the duplicate).
DUPLICATES: tuple[tuple[str, int, int, str], ...] = (
    ("arena1", 0, 1, "Pop-up-bibliotek på senteret, med frivillige fra lagene."),
    ("arena1", 1, 1, "Felles kalender for aktivitetene til alle lagene i kommunen."),
    ("arena2", 1, 2, "Lagsmesse i september, på biblioteket."),
    ("arena2", 3, 0, "Søke midler sammen til et prosjekt mot ensomhet."),
)

# Contributions a host hid: (arena, question, text).
HIDDEN: tuple[tuple[str, int, str], ...] = (
    ("arena1", 0, "test test"),
    ("arena1", 2, "Hei fra gruppe 3! Vi hører dere ikke."),
    ("arena1", 3, "Hvem er det som snakker nå?"),
    ("arena2", 0, "Test fra Holmestrand"),
    ("arena2", 2, "Lenka til rommet virker ikke for meg"),
)

# Tags hosts put on contributions: tag → words that earn it (`FOLLOW_UP` goes to the most
# supported ideas).
FOLLOW_UP = "Følge opp"
TAGS: dict[str, tuple[str, ...]] = {
    "Bibliotek": ("bibliotek",),
    "Frivilligsentral": ("frivilligsentral",),
    "Ungdom": ("ungdom", "unge "),
    FOLLOW_UP: (),
}

# Titles of the two breakout rounds of the 2021 arenas.
ROUND_TITLES = ("Bli kjent på tvers av sektorer", "Hva kan vi gjøre sammen?")
