"""The activities of the demo: what libraries, voluntary organisations and volunteer centres in
Vestfold and Telemark put on for residents. Pure data; `activities.py` turns it into rows.

Each `Idea` is a kind of activity an organiser of a given kind (a template key of
`content.TEMPLATES`) typically runs, in Bokmål and, where the organiser writes it, Nynorsk. Times
are local (Europe/Oslo); dates are placed relative to the week the seed runs in.
"""

from dataclasses import dataclass, field

WEEKLY, BIWEEKLY, MONTHLY, ONCE = "weekly", "biweekly", "monthly_weekday", ""
MO, TU, WE, TH, FR, SA, SU = range(7)


@dataclass(frozen=True)
class Idea:
    key: str
    title: str
    description: str
    pattern: str
    weekday: int
    time: tuple[int, int]
    minutes: int
    target_groups: tuple[str, ...]
    themes: tuple[str, ...]
    title_nn: str = ""
    description_nn: str = ""
    languages: tuple[str, ...] = ("nb",)
    # Where: "" at the municipality's library (the venue), otherwise the place's name.
    place: str = ""
    street_address: str = ""
    price: str | None = None
    price_details: str = ""
    signup: str = "none"
    capacity: int | None = None
    # Pauses in the school holidays (autumn, Christmas, winter, Easter, summer).
    school_term: bool = False
    step_free: bool = True
    hearing_loop: bool = False
    sign_language: bool = False
    extra: dict[str, str] = field(default_factory=dict)


# --- The library's own programme ---------------------------------------------------------------

LIBRARY: list[Idea] = [
    Idea(
        "eventyrstund",
        "Eventyrstund for de minste",
        "Vi leser eventyr og bildebøker, synger og rimer for barn mellom to og fem år. "
        "Ta med en voksen – og gjerne en bamse. Ingen påmelding, bare kom.",
        WEEKLY,
        WE,
        (10, 30),
        45,
        ("children", "families"),
        ("reading",),
        title_nn="Eventyrstund for dei minste",
        description_nn="Vi les eventyr og biletbøker, syng og rimar for born mellom to og fem "
        "år. Ta med ein vaksen – og gjerne ein bamse. Inga påmelding, berre kom.",
        school_term=True,
    ),
    Idea(
        "lesesirkel",
        "Lesesirkel",
        "Vi leser én bok i måneden og møtes for å snakke om den over en kopp kaffe. "
        "Bøkene kan lånes på biblioteket. Plassen er begrenset, så meld deg på.",
        MONTHLY,
        TH,
        (18, 0),
        90,
        ("adults", "seniors"),
        ("reading", "meeting-place"),
        description_nn="Vi les ei bok i månaden og møtest for å snakke om henne over ein kopp "
        "kaffi. Bøkene kan lånast på biblioteket. Det er avgrensa plass, så meld deg på.",
        signup="platform",
        capacity=15,
        hearing_loop=True,
    ),
    Idea(
        "bokbad",
        "Bokbad: møt forfatteren",
        "En aktuell forfatter forteller om sin nye bok i samtale med en bibliotekar. "
        "Etterpå kan du få boka signert. Arrangementet tegnspråktolkes.",
        ONCE,
        TH,
        (19, 0),
        90,
        ("adults", "young-adults"),
        ("reading", "arts-culture"),
        title_nn="Bokbad: møt forfattaren",
        description_nn="Ein aktuell forfattar fortel om den nye boka si i samtale med ein "
        "bibliotekar. Etterpå kan du få boka signert. Arrangementet blir teiknspråktolka.",
        languages=("nb", "nsl"),
        price="50",
        price_details="Gratis for studenter og honnør.",
        signup="link",
        hearing_loop=True,
        sign_language=True,
    ),
    Idea(
        "gaming",
        "Gaming-kveld",
        "Konsoll, brettspill og pizza for ungdom fra 13 år. Vi har Switch, PlayStation og "
        "et stort utvalg brettspill – eller ta med ditt eget.",
        BIWEEKLY,
        FR,
        (17, 0),
        180,
        ("youth",),
        ("gaming", "meeting-place"),
        description_nn="Konsoll, brettspel og pizza for ungdom frå 13 år. Vi har Switch, "
        "PlayStation og eit stort utval brettspel – eller ta med ditt eige.",
        school_term=True,
    ),
    Idea(
        "digitalhjelp",
        "Digital hjelp: BankID, Helsenorge og e-post",
        "Står du fast med mobilen, nettbrettet eller PC-en? Bibliotekarene hjelper deg med "
        "BankID, Helsenorge, Vipps og e-post. Ta med deg enheten din og passord.",
        WEEKLY,
        TU,
        (12, 0),
        120,
        ("seniors", "immigrants"),
        ("digital-inclusion",),
        title_nn="Digital hjelp: BankID, Helsenorge og e-post",
        description_nn="Står du fast med mobilen, nettbrettet eller PC-en? Bibliotekarane "
        "hjelper deg med BankID, Helsenorge, Vipps og e-post. Ta med eininga di og passord.",
        hearing_loop=True,
    ),
    Idea(
        "spraakkafe",
        "Språkkafé",
        "Øv på norsk i en uformell prat med frivillige over kaffe og vafler. "
        "Alle nivåer er velkomne, og du trenger ikke melde deg på.",
        WEEKLY,
        WE,
        (17, 0),
        90,
        ("immigrants", "adults"),
        ("language-integration", "meeting-place"),
        description_nn="Øv på norsk i ein uformell prat med frivillige over kaffi og vaflar. "
        "Alle nivå er velkomne, og du treng ikkje melde deg på.",
        languages=("nb", "en"),
        school_term=True,
    ),
    Idea(
        "slekt",
        "Slektsforskning: finn røttene dine",
        "Bibliotekaren viser hvordan du bruker Digitalarkivet, kirkebøker og folketellinger "
        "til å finne slekta di. Ta med navn og datoer du kjenner fra før.",
        MONTHLY,
        SA,
        (11, 0),
        180,
        ("adults", "seniors"),
        ("local-history",),
        title_nn="Slektsgransking: finn røtene dine",
        description_nn="Bibliotekaren viser korleis du brukar Digitalarkivet, kyrkjebøker og "
        "folketeljingar til å finne slekta di. Ta med namn og datoar du kjenner frå før.",
    ),
    Idea(
        "familiefilm",
        "Familiefilm på biblioteket",
        "Vi viser en familiefilm på storskjerm i biblioteksalen. Popkorn får du i døra.",
        MONTHLY,
        SU,
        (13, 0),
        110,
        ("families", "children"),
        ("arts-culture",),
        description_nn="Vi viser ein familiefilm på storskjerm i biblioteksalen. Popkorn får "
        "du i døra.",
    ),
    Idea(
        "skaperverksted",
        "Skaperverksted: lodding og LED",
        "Lær å lodde og lag din egen blinkende LED-figur. Alt utstyr er på plass. "
        "For barn og unge fra 10 år; begrenset plass.",
        ONCE,
        SA,
        (12, 0),
        180,
        ("children", "youth"),
        ("crafts-maker",),
        title_nn="Skaparverkstad: lodding og LED",
        description_nn="Lær å lodde og lag din eigen blinkande LED-figur. Alt utstyr er på "
        "plass. For born og unge frå 10 år; avgrensa plass.",
        signup="platform",
        capacity=10,
    ),
    Idea(
        "hoytlesning",
        "Høytlesning for voksne",
        "En bibliotekar leser noveller og utdrag fra romaner. Sett deg godt til rette – "
        "kaffen står klar. Salen har teleslynge.",
        BIWEEKLY,
        TU,
        (11, 0),
        60,
        ("seniors", "lonely"),
        ("reading", "meeting-place"),
        title_nn="Høgtlesing for vaksne",
        description_nn="Ein bibliotekar les noveller og utdrag frå romanar. Set deg godt til "
        "rette – kaffien står klar. Salen har teleslynge.",
        hearing_loop=True,
    ),
]

# --- Voluntary organisations, by template key in content.TEMPLATES ------------------------------

STRIKKEKAFE = Idea(
    "strikkekafe",
    "Strikkekafé",
    "Ta med strikketøyet og bli med på en hyggelig ettermiddag med kaffe og prat. "
    "Nybegynnere er velkomne – vi har garn og pinner å låne bort, og noen viser deg gjerne.",
    BIWEEKLY,
    TU,
    (11, 0),
    120,
    ("adults", "seniors", "lonely"),
    ("crafts-maker", "meeting-place"),
    description_nn="Ta med strikketøyet og bli med på ein triveleg ettermiddag med kaffi og "
    "prat. Nybyrjarar er velkomne – vi har garn og pinnar å låne bort.",
)

VOLUNTARY: dict[str, list[Idea]] = {
    "rodekors": [
        Idea(
            "leksehjelp",
            "Leksehjelp",
            "Gratis leksehjelp for elever i grunnskolen og på videregående. Frivillige "
            "hjelper med matte, norsk, engelsk og naturfag. Ingen påmelding.",
            WEEKLY,
            MO,
            (17, 0),
            120,
            ("children", "youth", "immigrants"),
            ("homework-help",),
            description_nn="Gratis leksehjelp for elevar i grunnskulen og på vidaregåande. "
            "Frivillige hjelper med matte, norsk, engelsk og naturfag. Inga påmelding.",
            languages=("nb", "en"),
            school_term=True,
        ),
        Idea(
            "forstehjelp",
            "Førstehjelpskurs for foreldre",
            "Lær hjerte-lunge-redning på barn og voksne, hva du gjør ved kvelning, og "
            "hvordan du tar deg av skader. Kurset er gratis, men plassene er få.",
            ONCE,
            TU,
            (18, 0),
            180,
            ("families", "adults"),
            ("public-health",),
            description_nn="Lær hjarte-lunge-redning på born og vaksne, kva du gjer ved "
            "kveling, og korleis du tek deg av skadar. Kurset er gratis, men det er få plassar.",
            place="Røde Kors-huset",
            signup="platform",
            capacity=20,
        ),
    ],
    "sanitet": [
        STRIKKEKAFE,
        Idea(
            "seniortrim",
            "Trim for seniorer",
            "Rolig styrke- og balansetrening med instruktør, tilpasset alle. "
            "Etterpå er det kaffe og prat.",
            WEEKLY,
            TH,
            (11, 0),
            60,
            ("seniors",),
            ("public-health", "meeting-place"),
            title_nn="Trim for seniorar",
            description_nn="Roleg styrke- og balansetrening med instruktør, tilpassa alle. "
            "Etterpå er det kaffi og prat.",
            place="Menighetshuset",
            price="20",
            price_details="Betales med Vipps.",
        ),
    ],
    "turlag": [
        Idea(
            "turgruppe",
            "Turgruppe",
            "Vi går en rolig tur på 5–8 km i nærområdet og tar en rast underveis. "
            "Ta med matpakke og gode sko. Oppmøte ved biblioteket.",
            WEEKLY,
            SA,
            (10, 0),
            180,
            ("everyone", "seniors"),
            ("outdoor-life", "public-health"),
            description_nn="Vi går ein roleg tur på 5–8 km i nærområdet og tek ein rast "
            "undervegs. Ta med matpakke og gode sko. Oppmøte ved biblioteket.",
            place="Oppmøte ved biblioteket",
            step_free=False,
        ),
        Idea(
            "barnasturlag",
            "Barnas Turlag: bålkos i skogen",
            "Vi griller pølser på bål, leker og ser etter spor i skogen. For barn med "
            "voksne. Ta med varme klær og noe å drikke.",
            ONCE,
            SU,
            (12, 0),
            150,
            ("children", "families"),
            ("outdoor-life",),
            description_nn="Vi grillar pølser på bål, leikar og ser etter spor i skogen. For "
            "born med vaksne. Ta med varme klede og noko å drikke.",
            place="Gapahuken ved vannet",
            step_free=False,
        ),
    ],
    "mentalhelse": [
        Idea(
            "samtalegruppe",
            "Samtalegruppe: ikke alene",
            "En trygg gruppe for deg som sliter med ensomhet, angst eller nedstemthet. "
            "Vi møtes med en likeperson og snakker om det som opptar oss. Taushetsplikt.",
            WEEKLY,
            MO,
            (18, 0),
            90,
            ("adults", "young-adults", "lonely"),
            ("mental-health", "meeting-place"),
            title_nn="Samtalegruppe: ikkje åleine",
            description_nn="Ei trygg gruppe for deg som slit med einsemd, angst eller "
            "nedstemtheit. Vi møtest med ein likeperson og snakkar om det som opptek oss.",
            place="Mental Helse-kontoret",
        ),
        Idea(
            "utpatur",
            "Ut på tur – aldri sur",
            "En rolig gåtur i lag med andre, uansett form. Vi avslutter med kaffe.",
            BIWEEKLY,
            WE,
            (12, 0),
            90,
            ("adults", "lonely"),
            ("mental-health", "outdoor-life"),
            description_nn="Ein roleg gåtur saman med andre, same kva form du er i. Vi avsluttar "
            "med kaffi.",
            place="Oppmøte ved biblioteket",
            step_free=False,
        ),
    ],
    "seniornett": [
        Idea(
            "mobilhjelp",
            "Seniornett: få hjelp med mobilen",
            "Frivillige fra Seniornett hjelper deg med mobil og nettbrett: bilder, "
            "meldinger, apper og sikkerhet. Ta med lader.",
            BIWEEKLY,
            TU,
            (11, 0),
            120,
            ("seniors",),
            ("digital-inclusion",),
            hearing_loop=True,
        ),
        Idea(
            "bankid",
            "Kurs: BankID og Vipps for nybegynnere",
            "Et rolig kurs i å ta i bruk BankID på mobil og Vipps. Vi går gjennom alt "
            "steg for steg. Meld deg på – vi har plass til tolv.",
            ONCE,
            TH,
            (11, 0),
            120,
            ("seniors",),
            ("digital-inclusion",),
            signup="platform",
            capacity=12,
            hearing_loop=True,
        ),
    ],
    "lsb": [
        Idea(
            "lesestund",
            "Lesestund med Leser søker bok",
            "Frivillige lesevenner leser høyt fra noveller, dikt og gode fortellinger. "
            "Teleslynge i salen.",
            WEEKLY,
            TH,
            (13, 0),
            60,
            ("seniors", "disabilities", "lonely"),
            ("reading",),
            description_nn="Frivillige lesevener les høgt frå noveller, dikt og gode "
            "forteljingar. Teleslynge i salen.",
            hearing_loop=True,
        ),
    ],
    "norden": [
        Idea(
            "nordisklitt",
            "Nordisk litteraturkveld",
            "Vi snakker om nye bøker fra Sverige, Danmark, Finland og Island, med "
            "smakebiter lest på originalspråket.",
            ONCE,
            TH,
            (19, 0),
            120,
            ("adults", "seniors"),
            ("reading", "arts-culture"),
            languages=("nb", "sv"),
            price="100",
            price_details="Medlemmer 50 kr.",
            signup="link",
        ),
    ],
    "bygdekvinnelag": [
        Idea(
            "tradisjonsbaking",
            "Matkurs: tradisjonsbaking",
            "Lær å bake lefse, flatbrød og krumkaker etter gamle oppskrifter. Vi baker "
            "sammen og smaker underveis. Alle ingredienser er med i prisen.",
            ONCE,
            SA,
            (11, 0),
            240,
            ("adults", "everyone"),
            ("crafts-maker", "local-history"),
            description_nn="Lær å bake lefse, flatbrød og krumkaker etter gamle oppskrifter. "
            "Vi bakar saman og smakar undervegs. Alle ingrediensar er med i prisen.",
            place="Grendehuset",
            price="250",
            signup="platform",
            capacity=12,
        ),
        STRIKKEKAFE,
    ],
    "speider": [
        Idea(
            "provspeiding",
            "Prøv speiding!",
            "Bli med på en smakebit av speiding: knuter, bål, leker og kakao. "
            "For barn fra 8 år. Gratis og uten påmelding.",
            ONCE,
            SA,
            (11, 0),
            180,
            ("children", "youth"),
            ("outdoor-life", "volunteering"),
            description_nn="Bli med på ein smakebit av speiding: knutar, bål, leikar og "
            "kakao. For born frå 8 år. Gratis og utan påmelding.",
            place="Speiderhytta",
            step_free=False,
        ),
    ],
    "korps": [
        Idea(
            "korpskonsert",
            "Korpskonsert",
            "Korpset spiller et variert program med alt fra marsjer til filmmusikk. Kafé i pausen.",
            ONCE,
            SU,
            (17, 0),
            90,
            ("everyone", "families"),
            ("music",),
            description_nn="Korpset spelar eit variert program med alt frå marsjar til "
            "filmmusikk. Kafé i pausen.",
            place="Kulturhuset",
            price="150",
            price_details="Gratis for barn under 16 år.",
            signup="link",
            hearing_loop=True,
        ),
        Idea(
            "provinstrument",
            "Prøv et instrument!",
            "Har du lyst til å spille i korps? Kom og prøv trompet, klarinett, fløyte og "
            "slagverk sammen med musikantene våre.",
            ONCE,
            WE,
            (18, 0),
            90,
            ("children",),
            ("music",),
            title_nn="Prøv eit instrument!",
            description_nn="Har du lyst til å spele i korps? Kom og prøv trompet, klarinett, "
            "fløyte og slagverk saman med musikantane våre.",
        ),
    ],
    "kor": [
        Idea(
            "songkor",
            "Åpen korøvelse",
            "Bli med og syng! Vi øver på alt fra folketoner til pop, og du trenger ikke "
            "kunne noter.",
            WEEKLY,
            TH,
            (19, 0),
            120,
            ("adults", "seniors"),
            ("music", "meeting-place"),
            title_nn="Songkor",
            description_nn="Bli med og syng! Vi øver på alt frå folketonar til pop, og du "
            "treng ikkje kunne notar.",
            place="Kulturhuset",
        ),
    ],
    "historielag": [
        Idea(
            "slektsforskning",
            "Slektsforskning for nybegynnere",
            "Historielaget og biblioteket hjelper deg i gang med slektsforskning. Vi viser "
            "kilder på nett og i biblioteket, og hjelper deg med å lese gammel håndskrift.",
            MONTHLY,
            TU,
            (18, 0),
            120,
            ("adults", "seniors"),
            ("local-history",),
            title_nn="Slektsgransking for nybyrjarar",
            description_nn="Sogelaget og biblioteket hjelper deg i gang med slektsgransking. "
            "Vi viser kjelder på nett og i biblioteket, og hjelper deg å lese gammal handskrift.",
        ),
        Idea(
            "kulturminne",
            "Kulturminnevandring",
            "En guidet vandring til kulturminner i sentrum, med historier om folk og hus. "
            "Turen er om lag to kilometer.",
            ONCE,
            SU,
            (13, 0),
            120,
            ("everyone", "seniors"),
            ("local-history", "outdoor-life"),
            description_nn="Ei guida vandring til kulturminne i sentrum, med forteljingar om "
            "folk og hus. Turen er om lag to kilometer.",
            place="Oppmøte ved kirken",
            step_free=False,
        ),
    ],
    "sjakk": [
        Idea(
            "sjakk",
            "Sjakk for barn og unge",
            "Lær sjakk eller bli enda bedre. Trenerne våre tar imot alle nivåer, og vi har "
            "brett og klokker.",
            WEEKLY,
            WE,
            (17, 30),
            90,
            ("children", "youth"),
            ("gaming",),
            school_term=True,
        ),
    ],
    "strikkekafe": [STRIKKEKAFE],
    "husflid": [
        Idea(
            "reparasjonskafe",
            "Reparasjonskafé",
            "Ta med klær, sykler, lamper og småting som trenger reparasjon, så hjelper "
            "frivillige deg å fikse dem. Gratis – og bra for miljøet.",
            MONTHLY,
            SA,
            (11, 0),
            180,
            ("everyone",),
            ("crafts-maker", "meeting-place"),
            description_nn="Ta med klede, syklar, lamper og småting som treng reparasjon, så "
            "hjelper frivillige deg å fikse dei. Gratis – og bra for miljøet.",
        ),
        Idea(
            "veving",
            "Kurs i veving for nybegynnere",
            "Lær å sette opp en vev og veve ditt første teppe. Materialer er med i prisen.",
            ONCE,
            SA,
            (10, 0),
            300,
            ("adults",),
            ("crafts-maker",),
            description_nn="Lær å setje opp ein vev og veve ditt første teppe. Materiale er "
            "med i prisen.",
            place="Husflidslaget, vevstua",
            price="450",
            signup="platform",
            capacity=8,
        ),
    ],
    "idrettslag": [
        Idea(
            "sykkelverksted",
            "Sykkelverksted",
            "Gratis sykkelverksted med frivillige mekanikere. Vi lapper slanger, justerer "
            "gir og bremser og lærer deg å gjøre det selv.",
            MONTHLY,
            SA,
            (10, 0),
            180,
            ("youth", "everyone"),
            ("public-health", "crafts-maker"),
            title_nn="Sykkelverkstad",
            description_nn="Gratis sykkelverkstad med frivillige mekanikarar. Vi lappar "
            "slangar, justerer gir og bremser og lærer deg å gjere det sjølv.",
            place="Idrettshallen",
        ),
        Idea(
            "gagruppe",
            "Gågruppe",
            "Vi går en time i rolig tempo og avslutter med kaffe. Alle kan være med.",
            WEEKLY,
            WE,
            (10, 0),
            60,
            ("seniors", "everyone"),
            ("public-health",),
            description_nn="Vi går ein time i roleg tempo og avsluttar med kaffi. Alle kan "
            "vere med.",
            place="Oppmøte ved idrettshallen",
            step_free=False,
        ),
    ],
    "leksehjelp": [
        Idea(
            "leksehjelp",
            "Leksehjelp",
            "Frivillige hjelper med leksene i biblioteket. Ingen påmelding, bare kom.",
            WEEKLY,
            MO,
            (16, 0),
            120,
            ("children", "youth", "immigrants"),
            ("homework-help",),
            languages=("nb", "en", "ar"),
            school_term=True,
        ),
    ],
    "spraakkafe": [
        Idea(
            "spraakkafe",
            "Språkkafé",
            "Øv på norsk i hyggelig selskap. Frivillige og deltakere møtes hver uke.",
            WEEKLY,
            WE,
            (18, 0),
            90,
            ("immigrants", "adults"),
            ("language-integration", "meeting-place"),
            languages=("nb",),
            school_term=True,
        ),
        Idea(
            "spraakkafe-ukraina",
            "Språkkafé for ukrainske flyktninger",
            "Et treff for ukrainere som vil øve på norsk, få svar på spørsmål om "
            "hverdagen i Norge og bli kjent med folk. Vi snakker norsk, ukrainsk og engelsk.",
            WEEKLY,
            TH,
            (17, 0),
            90,
            ("immigrants", "families"),
            ("language-integration", "meeting-place"),
            title_nn="Språkkafé for ukrainske flyktningar",
            description_nn="Eit treff for ukrainarar som vil øve på norsk, få svar på spørsmål "
            "om kvardagen i Noreg og bli kjende med folk. Vi snakkar norsk, ukrainsk og engelsk.",
            languages=("nb", "uk", "en"),
        ),
    ],
    "bymisjon": [
        Idea(
            "middag",
            "Middag for alle",
            "Varm middag og godt fellesskap. Alle er velkomne, og ingen spør hvorfor du kommer.",
            WEEKLY,
            TH,
            (16, 0),
            90,
            ("lonely", "everyone"),
            ("meeting-place",),
            place="Bymisjonens kafé",
            price="30",
            price_details="Betal det du kan.",
        ),
    ],
    "frelsesarmeen": [
        Idea(
            "familiemiddag",
            "Familiemiddag",
            "Middag, lek og aktiviteter for hele familien. Barn spiser gratis.",
            BIWEEKLY,
            TU,
            (17, 0),
            90,
            ("families", "children"),
            ("meeting-place",),
            place="Frelsesarmeens lokaler",
            price="20",
            price_details="Barn gratis.",
        ),
    ],
    "lhl": [
        Idea(
            "lhltrening",
            "Trening for hjerte og lunger",
            "Tilpasset trening med fysioterapeut for deg med hjerte- eller lungesykdom.",
            WEEKLY,
            MO,
            (11, 0),
            60,
            ("seniors", "adults"),
            ("public-health",),
            place="Fysioterapisalen",
            price="50",
            price_details="Klippekort 400 kr.",
        ),
    ],
    "folkehjelp": [
        Idea(
            "flyktningguide",
            "Bli flyktningguide: informasjonsmøte",
            "Som flyktningguide blir du kjent med en som er ny i Norge og hjelper til "
            "med hverdagen. Kom og hør hvordan det fungerer.",
            ONCE,
            TU,
            (18, 30),
            90,
            ("adults", "immigrants"),
            ("volunteering", "language-integration"),
        ),
    ],
    "reddbarna": [
        Idea(
            "fritidsklubb",
            "Fritidsklubb for barn",
            "Lek, spill, forming og mat for barn mellom 8 og 12 år. Gratis.",
            WEEKLY,
            WE,
            (17, 0),
            120,
            ("children",),
            ("meeting-place",),
            place="Fritidsklubben",
            school_term=True,
        ),
    ],
    "ungdomslag": [
        Idea(
            "revy",
            "Bygderevy",
            "Årets revy med sketsjer og sanger om livet i bygda. Kafé i pausen.",
            ONCE,
            SA,
            (19, 0),
            150,
            ("everyone",),
            ("arts-culture",),
            title_nn="Bygderevy",
            description_nn="Årets revy med sketsjar og songar om livet i bygda. Kafé i pausen.",
            place="Grendehuset",
            price="250",
            signup="link",
        ),
        Idea(
            "gammaldans",
            "Gammeldanskveld",
            "Vi danser reinlender, vals og polka til levende musikk. Kurs for nybegynnere "
            "den første halvtimen.",
            MONTHLY,
            FR,
            (19, 0),
            180,
            ("everyone", "seniors"),
            ("music", "meeting-place"),
            title_nn="Gammaldanskveld",
            description_nn="Vi dansar reinlendar, vals og polka til levande musikk. Kurs for "
            "nybyrjarar den første halvtimen.",
            place="Grendehuset",
            price="100",
        ),
    ],
    "innvandrer": [
        Idea(
            "morsmal",
            "Morsmålsstund for barn",
            "Eventyr, sanger og lek på morsmålet for barn mellom tre og åtte år, med "
            "foreldre. Bøkene kan lånes med hjem.",
            WEEKLY,
            SA,
            (12, 0),
            90,
            ("children", "families", "immigrants"),
            ("language-integration", "reading"),
            school_term=True,
        ),
    ],
    "frivilligsentral": [
        Idea(
            "formiddagstreff",
            "Formiddagstreff",
            "Kaffe, vafler og en god prat. Av og til har vi besøk av en musiker eller "
            "en foredragsholder.",
            WEEKLY,
            WE,
            (11, 0),
            120,
            ("seniors", "lonely"),
            ("meeting-place",),
            description_nn="Kaffi, vaflar og ein god prat. Av og til har vi besøk av ein "
            "musikar eller ein føredragshaldar.",
            place="Frivilligsentralen",
            price="30",
            price_details="Inkludert kaffe og vafler.",
        ),
        Idea(
            "turgruppe",
            "Turgruppe",
            "Frivilligsentralens turgruppe går en times tur i rolig tempo. Alle er velkomne.",
            WEEKLY,
            TU,
            (10, 0),
            90,
            ("seniors", "everyone"),
            ("outdoor-life", "public-health"),
            description_nn="Turgruppa til frivilligsentralen går ein times tur i roleg tempo. "
            "Alle er velkomne.",
            place="Oppmøte ved frivilligsentralen",
            step_free=False,
        ),
        Idea(
            "sykkelverksted",
            "Sykkelverksted",
            "Få sykkelen klar til bruk med hjelp fra frivillige. Vi har deler og verktøy.",
            MONTHLY,
            SA,
            (11, 0),
            180,
            ("everyone", "youth"),
            ("crafts-maker", "public-health"),
            title_nn="Sykkelverkstad",
            description_nn="Få sykkelen klar til bruk med hjelp frå frivillige. Vi har delar "
            "og verktøy.",
            place="Frivilligsentralen",
        ),
        Idea(
            "spraktrening",
            "Språktrening",
            "Frivillige og deltakere møtes i små grupper for å snakke norsk om hverdagslige "
            "temaer.",
            WEEKLY,
            TH,
            (12, 0),
            90,
            ("immigrants",),
            ("language-integration",),
            description_nn="Frivillige og deltakarar møtest i små grupper for å snakke norsk "
            "om kvardagslege tema.",
            languages=("nb", "ar", "ti", "uk"),
            school_term=True,
        ),
    ],
    "kultur": [
        Idea(
            "spaserstokken",
            "Den kulturelle spaserstokken: konsert",
            "Formiddagskonsert for seniorer med kjente sanger og kaffe. Gratis.",
            ONCE,
            WE,
            (12, 0),
            60,
            ("seniors",),
            ("music", "arts-culture"),
            description_nn="Formiddagskonsert for seniorar med kjende songar og kaffi. Gratis.",
            place="Kulturhuset",
            hearing_loop=True,
        ),
        Idea(
            "ungdomsscene",
            "Ungdomsscene: åpen mikrofon",
            "Syng, spill, les dikt eller gjør standup – scenen er din i fem minutter.",
            ONCE,
            FR,
            (19, 0),
            150,
            ("youth", "young-adults"),
            ("arts-culture", "music"),
            title_nn="Ungdomsscene: open mikrofon",
            description_nn="Syng, spel, les dikt eller gjer standup – scena er di i fem minutt.",
            place="Kulturhuset",
        ),
    ],
}

# The language an immigrant association's mother-tongue sessions are held in, by origin.
ORIGIN_LANGUAGE = {"Afghanistan": "fa", "Polen": "pl", "Somalia": "so", "Eritrea": "ti"}

CANCEL_REASONS = (
    "Avlyst på grunn av sykdom. Vi beklager!",
    "Avlyst: lokalet er dessverre ikke tilgjengelig.",
    "Avlyst på grunn av for få påmeldte.",
)

# People who sign up for activities with sign-up on the platform (made-up names, reserved
# example domain).
SIGNUP_NAMES = (
    "Kari Nordmann",
    "Ola Hansen",
    "Fatima Ali",
    "Oksana Kovalenko",
    "Per Olsen",
    "Solveig Dahl",
    "Ahmad Rahimi",
    "Ingrid Moen",
    "Tor Egil Lunde",
    "Mona Johansen",
    "Aisha Warsame",
    "Bjørn Strand",
)


# --- Particular activities, so every role has something to see ----------------------------------

# Ideas an organiser always runs (the rest of its programme is picked at random).
ALWAYS: dict[str, tuple[str, ...]] = {
    "skien-rode-kors": ("leksehjelp", "forstehjelp"),
    "skien-historielag": ("slektsforskning",),
    "seniornett-larvik": ("mobilhjelp",),
    "seniornett-skien": ("bankid",),
    "skien-bibliotek": ("eventyrstund", "lesesirkel", "digitalhjelp"),
    "vinje-bibliotek": ("eventyrstund", "slekt"),
}

# (organiser slug, idea key) → co-organisers as (slug, status).
CO_ORGANISERS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("skien-historielag", "slektsforskning"): (("skien-bibliotek", "confirmed"),),
    ("seniornett-larvik", "mobilhjelp"): (("larvik-bibliotek", "confirmed"),),
    ("skien-bibliotek", "leksehjelp-bibliotek"): (("skien-rode-kors", "pending"),),
    ("vinje-bibliotek", "spraakkafe-ukraina"): (
        ("vinje-frivilligsentral", "confirmed"),
        ("vinje-turlag", "pending"),
    ),
}

# Activities added to one organiser's programme, with what is special about them:
# "status", "co-organisers" (see CO_ORGANISERS) or "hidden" (the reason; hidden by the county's
# coordinator).
EXTRA: list[tuple[str, Idea, dict[str, str]]] = [
    (
        "skien-rode-kors",
        Idea(
            "besoksvenn",
            "Bli besøksvenn – informasjonsmøte",
            "Har du en time i uka til overs? Som besøksvenn blir du kjent med en som ønsker "
            "selskap. Vi forteller om oppdraget, opplæringen og taushetsplikten.",
            ONCE,
            WE,
            (18, 0),
            90,
            ("adults", "seniors"),
            ("volunteering",),
            place="Røde Kors-huset",
        ),
        {"status": "draft"},
    ),
    (
        "skien-bibliotek",
        Idea(
            "leksehjelp-bibliotek",
            "Leksehjelp på biblioteket",
            "Biblioteket og Røde Kors gir gratis leksehjelp to ettermiddager i uka. "
            "Ta med leksene og matpakke.",
            WEEKLY,
            TH,
            (16, 0),
            120,
            ("children", "youth"),
            ("homework-help",),
            school_term=True,
        ),
        {},
    ),
    (
        "vinje-bibliotek",
        Idea(
            "spraakkafe-ukraina",
            "Språkkafé for ukrainske flyktninger",
            "Øv på norsk og bli kjent med folk i bygda.",
            WEEKLY,
            TU,
            (18, 0),
            90,
            ("immigrants", "families"),
            ("language-integration", "meeting-place"),
            title_nn="Språkkafé for ukrainske flyktningar",
            description_nn="Øv på norsk, still spørsmål om kvardagen i Noreg og bli kjend med "
            "folk i bygda. Vi snakkar norsk, ukrainsk og engelsk. Kaffi og kaker står klare.",
            languages=("nb", "uk", "en"),
        ),
        {},
    ),
    (
        "sande-idrettslag",
        Idea(
            "lotteri",
            "Kjøp lodd og vinn!!!",
            "Kjøp lodd på nett – store premier. Send Vipps til nummeret i lenken.",
            ONCE,
            SA,
            (12, 0),
            240,
            ("everyone",),
            ("volunteering",),
            place="Sande sentrum",
            price="50",
            signup="link",
        ),
        {
            "hidden": "Aktiviteten er et lotteri og ikke et arrangement for innbyggerne. "
            "Ta kontakt med fylkesbiblioteket om du mener dette er feil."
        },
    ),
    (
        "porsgrunn-bibliotek",
        Idea(
            "forfatterkveld",
            "Forfatterkveld med lokale forfattere",
            "Tre forfattere fra Grenland leser fra nye bøker og samtaler med publikum.",
            ONCE,
            TH,
            (19, 0),
            120,
            ("adults",),
            ("reading", "arts-culture"),
        ),
        {"status": "cancelled"},
    ),
]
