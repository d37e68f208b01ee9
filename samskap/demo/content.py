"""What `seed_demo` puts in the database: Vestfold (39) and Telemark (40) as one county library
region would see them. Pure data and small pure helpers; `seeding.py` writes it.

Descriptions are Bokmål, or Nynorsk in the municipalities whose official written standard is
Nynorsk. Organisation numbers are generated (valid modulus-11 numbers derived from the slug), so
they are stable between runs and never those of real organisations by intent.
"""

import hashlib
from dataclasses import dataclass

from django.utils.text import slugify

from samskap.directory.models import Kind
from samskap.directory.orgnr import check_digit

# The one password every demo user gets (set by `seed_demo` only, never by migrations).
DEMO_PASSWORD = "samskap-demo"  # noqa: S105 - a published demo password, not a secret
DEMO_EMAIL_DOMAIN = "demo.samskap.no"

COUNTIES = {"39": "Vestfold", "40": "Telemark"}

# Municipality number → (name, the place its offices are in).
MUNICIPALITIES: dict[str, tuple[str, str]] = {
    "3901": ("Horten", "Horten"),
    "3903": ("Holmestrand", "Holmestrand"),
    "3905": ("Tønsberg", "Tønsberg"),
    "3907": ("Sandefjord", "Sandefjord"),
    "3909": ("Larvik", "Larvik"),
    "3911": ("Færder", "Borgheim"),
    "4001": ("Porsgrunn", "Porsgrunn"),
    "4003": ("Skien", "Skien"),
    "4005": ("Notodden", "Notodden"),
    "4010": ("Siljan", "Siljan"),
    "4012": ("Bamble", "Langesund"),
    "4014": ("Kragerø", "Kragerø"),
    "4016": ("Drangedal", "Drangedal"),
    "4018": ("Nome", "Ulefoss"),
    "4020": ("Midt-Telemark", "Bø i Telemark"),
    "4022": ("Seljord", "Seljord"),
    "4024": ("Hjartdal", "Sauland"),
    "4026": ("Tinn", "Rjukan"),
    "4028": ("Kviteseid", "Kviteseid"),
    "4030": ("Nissedal", "Treungen"),
    "4032": ("Fyresdal", "Fyresdal"),
    "4034": ("Tokke", "Dalen"),
    "4036": ("Vinje", "Åmot"),
}

# Municipalities that write Nynorsk: their organisations describe themselves in Nynorsk.
NYNORSK = frozenset({"4020", "4022", "4024", "4028", "4030", "4032", "4034", "4036"})


@dataclass(frozen=True)
class Template:
    """A kind of organisation: its target groups, themes and description in Bokmål/Nynorsk.

    `{muni}` in a description is replaced by the municipality's name.
    """

    kind: str
    target_groups: tuple[str, ...]
    themes: tuple[str, ...]
    nb: str
    nn: str = ""
    informal: bool = False


TEMPLATES: dict[str, Template] = {
    "rodekors": Template(
        Kind.VOLUNTARY,
        ("everyone", "lonely", "children"),
        ("volunteering", "meeting-place", "homework-help"),
        "Lokalforeningen av Røde Kors i {muni} driver besøkstjeneste, leksehjelp og hjelpekorps. "
        "Nye frivillige får opplæring og blir tatt godt imot.",
        "Lokalforeininga av Røde Kors i {muni} driv besøksteneste, leksehjelp og hjelpekorps. "
        "Nye frivillige får opplæring og blir tekne godt imot.",
    ),
    "sanitet": Template(
        Kind.VOLUNTARY,
        ("seniors", "families", "everyone"),
        ("public-health", "meeting-place", "volunteering"),
        "Sanitetsforeningen arbeider for kvinners helse og for trygge lokalsamfunn i {muni}. "
        "Vi arrangerer trimgrupper, besøksvenner og møteplasser for eldre.",
        "Sanitetsforeininga arbeider for helsa til kvinner og for trygge lokalsamfunn i {muni}. "
        "Vi skipar til trimgrupper, besøksvener og møtestader for eldre.",
    ),
    "turlag": Template(
        Kind.VOLUNTARY,
        ("everyone", "families", "seniors"),
        ("outdoor-life", "public-health"),
        "Turlaget er en del av Den Norske Turistforening (DNT) og arrangerer fellesturer, "
        "Barnas Turlag og dugnad på hytter og stier i {muni}. Alle er velkomne, uansett form.",
        "Turlaget er ein del av Den Norske Turistforening (DNT) og skipar til fellesturar, "
        "Barnas Turlag og dugnad på hytter og stigar i {muni}. Alle er velkomne, same kva form "
        "du er i.",
    ),
    "mentalhelse": Template(
        Kind.VOLUNTARY,
        ("adults", "young-adults", "lonely"),
        ("mental-health", "meeting-place"),
        "Mental Helse er et lavterskeltilbud for alle som har eller har hatt psykiske "
        "helseplager, og for pårørende. Vi har samtalegrupper, likepersoner og sosiale treff "
        "i {muni}.",
        "Mental Helse er eit lågterskeltilbod for alle som har eller har hatt psykiske "
        "helseplager, og for pårørande. Vi har samtalegrupper, likepersonar og sosiale treff "
        "i {muni}.",
    ),
    "seniornett": Template(
        Kind.VOLUNTARY,
        ("seniors",),
        ("digital-inclusion",),
        "Seniornett hjelper seniorer i {muni} med å bruke PC, nettbrett og smarttelefon. "
        "Vi holder kurs og åpen datahjelp, ofte på biblioteket.",
    ),
    "lsb": Template(
        Kind.VOLUNTARY,
        ("disabilities", "seniors", "lonely"),
        ("reading", "volunteering"),
        "Leser søker bok arbeider for at alle skal få glede av litteratur. Frivillige "
        "lesevenner i {muni} leser høyt for mennesker som ikke kan eller orker å lese selv.",
        "Leser søker bok arbeider for at alle skal få glede av litteratur. Frivillige "
        "lesevener i {muni} les høgt for menneske som ikkje kan eller orkar å lese sjølve.",
    ),
    "norden": Template(
        Kind.VOLUNTARY,
        ("adults", "seniors"),
        ("arts-culture", "democracy-debate"),
        "Foreningen Norden fremmer samarbeid og kulturutveksling med de nordiske landene. "
        "Lokallaget i {muni} arrangerer foredrag, vennskapsbybesøk og nordisk litteraturkveld.",
    ),
    "bygdekvinnelag": Template(
        Kind.VOLUNTARY,
        ("adults", "everyone"),
        ("crafts-maker", "meeting-place", "local-history"),
        "Bygdekvinnelaget tar vare på mattradisjoner og håndverk og er en sosial møteplass for "
        "kvinner i alle aldre i {muni}. Vi holder kurs, kafeer og julemarked.",
        "Bygdekvinnelaget tek vare på mattradisjonar og handverk og er ein sosial møtestad for "
        "kvinner i alle aldrar i {muni}. Vi held kurs, kafear og julemarknad.",
    ),
    "speider": Template(
        Kind.VOLUNTARY,
        ("children", "youth"),
        ("outdoor-life", "volunteering"),
        "Speidergruppa har møter hver uke og turer med overnatting i skog og fjell. "
        "Her lærer barn og unge i {muni} friluftsliv, samarbeid og å ta ansvar.",
        "Speidargruppa har møte kvar veke og turar med overnatting i skog og fjell. "
        "Her lærer born og unge i {muni} friluftsliv, samarbeid og å ta ansvar.",
    ),
    "korps": Template(
        Kind.VOLUNTARY,
        ("children", "youth"),
        ("music",),
        "Korpset gir barn og unge i {muni} opplæring på blåseinstrumenter og slagverk. "
        "Vi spiller på 17. mai, konserter og turer, og nye musikanter er alltid velkomne.",
        "Korpset gjev born og unge i {muni} opplæring på blåseinstrument og slagverk. "
        "Vi spelar på 17. mai, konsertar og turar, og nye musikantar er alltid velkomne.",
    ),
    "kor": Template(
        Kind.VOLUNTARY,
        ("adults", "seniors"),
        ("music", "meeting-place"),
        "Koret øver hver torsdag og holder konserter til jul og om våren. "
        "Nye sangere i alle stemmegrupper er velkomne, og du trenger ikke kunne noter.",
    ),
    "historielag": Template(
        Kind.VOLUNTARY,
        ("adults", "seniors", "everyone"),
        ("local-history",),
        "Historielaget samler og formidler lokalhistorie fra {muni}. Vi gir ut årsskrift, "
        "arrangerer kulturminnevandringer og hjelper med slektsgransking sammen med biblioteket.",
        "Sogelaget samlar og formidlar lokalhistorie frå {muni}. Vi gjev ut årsskrift, "
        "skipar til kulturminnevandringar og hjelper med slektsgransking saman med biblioteket.",
    ),
    "sjakk": Template(
        Kind.VOLUNTARY,
        ("children", "youth", "adults"),
        ("gaming", "meeting-place"),
        "Sjakklubben har klubbkveld hver uke med sjakk for alle nivåer. "
        "Vi har egen juniorgruppe og deltar i turneringer i hele regionen.",
    ),
    "strikkekafe": Template(
        Kind.VOLUNTARY,
        ("adults", "seniors", "lonely"),
        ("crafts-maker", "meeting-place"),
        "Et uformelt strikketreff på biblioteket annenhver tirsdag. Ta med strikketøyet, "
        "eller lær deg å strikke – vi har garn og pinner å låne bort.",
        informal=True,
    ),
    "husflid": Template(
        Kind.VOLUNTARY,
        ("adults", "seniors"),
        ("crafts-maker", "arts-culture"),
        "Husflidslaget holder kurs i veving, treskjæring, søm og strikking, og tar vare på "
        "tradisjonshåndverket i {muni}.",
        "Husflidslaget held kurs i veving, treskurd, søm og strikking, og tek vare på "
        "tradisjonshandverket i {muni}.",
    ),
    "idrettslag": Template(
        Kind.VOLUNTARY,
        ("children", "youth", "everyone"),
        ("public-health", "volunteering"),
        "Idrettslaget har fotball, ski og friidrett for barn og unge og trimgrupper for voksne. "
        "Laget drives av frivillige trenere og foreldre.",
        "Idrettslaget har fotball, ski og friidrett for born og unge og trimgrupper for vaksne. "
        "Laget er drive av frivillige trenarar og foreldre.",
    ),
    "leksehjelp": Template(
        Kind.VOLUNTARY,
        ("children", "youth", "immigrants"),
        ("homework-help", "language-integration"),
        "Frivillige gir gratis leksehjelp på biblioteket to ettermiddager i uka. "
        "Elever fra grunnskolen og videregående er velkomne, uten påmelding.",
        informal=True,
    ),
    "spraakkafe": Template(
        Kind.VOLUNTARY,
        ("immigrants", "adults"),
        ("language-integration", "meeting-place"),
        "Språkkafeen er et uformelt treff der du kan øve på norsk i hyggelig selskap. "
        "Frivillige og deltakere møtes hver onsdag på biblioteket.",
        informal=True,
    ),
    "bymisjon": Template(
        Kind.VOLUNTARY,
        ("lonely", "outside-work-school", "adults"),
        ("meeting-place", "mental-health", "volunteering"),
        "Kirkens Bymisjon driver møteplasser, besøkstjeneste og arbeidstrening for mennesker "
        "i sårbare livssituasjoner i {muni}.",
    ),
    "frelsesarmeen": Template(
        Kind.VOLUNTARY,
        ("lonely", "families", "children"),
        ("meeting-place", "volunteering"),
        "Frelsesarmeen driver barne- og familiearbeid, gjenbruksbutikk og åpen kafé i {muni}. "
        "Alle er velkomne.",
    ),
    "lhl": Template(
        Kind.VOLUNTARY,
        ("seniors", "adults"),
        ("public-health", "meeting-place"),
        "LHL-laget er for personer med hjerte- og lungesykdom eller hjerneslag og deres "
        "pårørende. Vi har trimgrupper, likepersoner og medlemsmøter i {muni}.",
    ),
    "folkehjelp": Template(
        Kind.VOLUNTARY,
        ("everyone", "immigrants"),
        ("volunteering", "public-health", "democracy-debate"),
        "Norsk Folkehjelp i {muni} driver sanitetsvakter, søk og redning og "
        "flyktningguider. Vi arbeider for solidaritet og et inkluderende lokalsamfunn.",
    ),
    "reddbarna": Template(
        Kind.VOLUNTARY,
        ("children", "families"),
        ("democracy-debate", "meeting-place"),
        "Redd Barnas lokallag i {muni} arbeider for barns rettigheter og arrangerer "
        "aktiviteter for barn og familier med dårlig råd, som ferieturer og fritidsklubb.",
    ),
    "ungdomslag": Template(
        Kind.VOLUNTARY,
        ("youth", "everyone"),
        ("arts-culture", "meeting-place"),
        "Ungdomslaget driver grendehuset og arrangerer revy, dans og kulturkvelder i bygda.",
        "Ungdomslaget driv grendehuset og skipar til revy, dans og kulturkveldar i bygda. "
        "Laget er ein viktig møtestad for både unge og eldre.",
    ),
    "innvandrer": Template(
        Kind.VOLUNTARY,
        ("immigrants", "families", "children"),
        ("language-integration", "arts-culture", "meeting-place"),
        "Foreningen er en møteplass for familier med bakgrunn fra {origin} i {muni}. "
        "Vi har morsmålsopplæring for barn, kulturkvelder og norsktrening for voksne.",
    ),
    "frivilligsentral": Template(
        Kind.VOLUNTEER_CENTRE,
        ("everyone", "seniors", "lonely"),
        ("volunteering", "meeting-place"),
        "Frivilligsentralen er en møteplass for frivillige i {muni} og formidler oppdrag, "
        "turgrupper, følgetjeneste og språktrening. Har du en time til overs, hører vi gjerne "
        "fra deg.",
        "Frivilligsentralen er ein møtestad for frivillige i {muni} og formidlar oppdrag, "
        "turgrupper, følgjeteneste og språktrening. Har du ein time til overs, høyrer vi gjerne "
        "frå deg.",
    ),
    "bibliotek": Template(
        Kind.LIBRARY,
        ("everyone",),
        ("reading", "meeting-place", "digital-inclusion", "language-integration"),
        "Folkebiblioteket i {muni} låner ut bøker, filmer og spill og er en gratis møteplass "
        "for alle. Biblioteket samarbeider med lag og foreninger om språkkafé, leksehjelp og "
        "digital hjelp.",
        "Folkebiblioteket i {muni} lånar ut bøker, filmar og spel og er ein gratis møtestad "
        "for alle. Biblioteket samarbeider med lag og foreiningar om språkkafé, leksehjelp og "
        "digital hjelp.",
    ),
    "kultur": Template(
        Kind.CULTURE,
        ("everyone", "children", "youth"),
        ("arts-culture", "music", "meeting-place"),
        "Kulturenheten har ansvar for kulturskolen, kulturhuset, tilskudd til lag og "
        "foreninger og Den kulturelle spaserstokken i {muni} kommune.",
        "Kultureininga har ansvar for kulturskulen, kulturhuset, tilskot til lag og "
        "foreiningar og Den kulturelle spaserstokken i {muni} kommune.",
    ),
    "folkehelse": Template(
        Kind.PUBLIC_HEALTH,
        ("everyone", "seniors", "lonely"),
        ("public-health", "mental-health"),
        "Folkehelsekoordinatoren samordner kommunens folkehelsearbeid og er kontaktpunkt for "
        "lag og foreninger som vil bidra til gode levekår og mindre ensomhet i {muni}.",
        "Folkehelsekoordinatoren samordnar folkehelsearbeidet i kommunen og er kontaktpunkt for "
        "lag og foreiningar som vil bidra til gode levekår og mindre einsemd i {muni}.",
    ),
}


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: str
    kind: str
    municipality: str
    description: str
    target_groups: tuple[str, ...]
    themes: tuple[str, ...]
    served: tuple[str, ...]
    org_number: str | None
    public: bool
    postal_place: str


def demo_slug(name: str) -> str:
    """A readable ASCII slug: `Tønsberg og Færder bibliotek` → `tonsberg-og-faerder-bibliotek`."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    return slugify(name.translate(table))


def demo_org_number(key: str) -> str:
    """A valid organisation number derived from `key`, the same on every run."""
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")
    first = 92_000_000 + digest % 7_000_000
    while (digit := check_digit(str(first))) is None:
        first += 1
    return f"{first}{digit}"


def county_of(municipality: str) -> str:
    return municipality[:2]


def municipalities_in(county: str) -> tuple[str, ...]:
    return tuple(m for m in MUNICIPALITIES if county_of(m) == county)


# (municipality, name, template, options). Options: "public": False for profiles without
# consent; "served": a county number when the organisation serves the whole county;
# "description", "target_groups" and "themes" replace the template's; "origin" fills {origin}.
type Row = tuple[str, str, str, dict[str, object]]

VOLUNTARY: list[Row] = [
    # Vestfold
    ("3905", "Tønsberg Røde Kors", "rodekors", {}),
    ("3905", "Tønsberg Sanitetsforening", "sanitet", {}),
    ("3905", "Mental Helse Tønsberg", "mentalhelse", {}),
    (
        "3905",
        "DNT Vestfold",
        "turlag",
        {
            "served": "39",
            "description": "DNT Vestfold arrangerer fellesturer, Barnas Turlag og seniorturer i "
            "hele Vestfold, og merker og vedlikeholder stier langs kysten og i skogen.",
        },
    ),
    ("3905", "Foreningen Norden Tønsberg", "norden", {}),
    ("3905", "LHL Tønsberg", "lhl", {}),
    ("3905", "Tønsberg Sjakklubb", "sjakk", {}),
    ("3905", "Afghansk kulturforening i Tønsberg", "innvandrer", {"origin": "Afghanistan"}),
    ("3905", "Språkkafé på Tønsberg bibliotek", "spraakkafe", {}),
    ("3907", "Sandefjord Røde Kors", "rodekors", {}),
    ("3907", "Mental Helse Sandefjord", "mentalhelse", {}),
    ("3907", "Sandefjord Husflidslag", "husflid", {}),
    ("3907", "Redd Barna Sandefjord", "reddbarna", {}),
    ("3907", "Frelsesarmeen Sandefjord", "frelsesarmeen", {}),
    ("3907", "Sandefjord Kammerkor", "kor", {}),
    ("3909", "Larvik Røde Kors", "rodekors", {}),
    ("3909", "Larvik Sanitetsforening", "sanitet", {}),
    ("3909", "Larvik Historielag", "historielag", {}),
    ("3909", "Norsk Folkehjelp Larvik", "folkehjelp", {}),
    ("3909", "Seniornett Larvik", "seniornett", {}),
    ("3909", "Polsk forening i Larvik", "innvandrer", {"origin": "Polen"}),
    ("3909", "Stavern Skolekorps", "korps", {}),
    ("3901", "Horten Røde Kors", "rodekors", {}),
    ("3901", "Horten Sanitetsforening", "sanitet", {}),
    ("3901", "Seniornett Horten", "seniornett", {}),
    ("3901", "Borre Historielag", "historielag", {}),
    ("3901", "1. Horten speidergruppe", "speider", {}),
    ("3901", "Leksehjelpen i Horten", "leksehjelp", {}),
    ("3903", "Holmestrand Røde Kors", "rodekors", {}),
    ("3903", "Hof Bygdekvinnelag", "bygdekvinnelag", {}),
    ("3903", "Sande Historielag", "historielag", {}),
    ("3903", "Sande Idrettslag", "idrettslag", {}),
    ("3911", "Nøtterøy Sanitetsforening", "sanitet", {}),
    ("3911", "Tjøme Historielag", "historielag", {}),
    ("3911", "1. Nøtterøy speidergruppe", "speider", {}),
    ("3911", "Strikkekafé på Teie", "strikkekafe", {}),
    # Telemark
    ("4003", "Skien Røde Kors", "rodekors", {}),
    ("4003", "Skien Sanitetsforening", "sanitet", {}),
    (
        "4003",
        "Telemark Turistforening",
        "turlag",
        {
            "served": "40",
            "description": "Telemark Turistforening er DNTs medlemsforening i Telemark. Vi driver "
            "hytter, merker stier fra kysten til Hardangervidda og arrangerer turer for barn, "
            "ungdom og seniorer.",
        },
    ),
    ("4003", "Mental Helse Skien", "mentalhelse", {}),
    ("4003", "Seniornett Skien", "seniornett", {}),
    ("4003", "Leser søker bok Skien", "lsb", {}),
    ("4003", "Skien Historielag", "historielag", {}),
    ("4003", "Skien Sjakklubb", "sjakk", {}),
    ("4003", "1. Skien speidergruppe", "speider", {}),
    ("4003", "Kirkens Bymisjon Skien", "bymisjon", {}),
    ("4003", "Eritreisk forening i Skien", "innvandrer", {"origin": "Eritrea", "public": False}),
    ("4003", "Leksehjelp på Gulset", "leksehjelp", {}),
    ("4003", "Strikkekafé på Skien bibliotek", "strikkekafe", {}),
    ("4001", "Porsgrunn Røde Kors", "rodekors", {}),
    ("4001", "Porsgrunn Sanitetsforening", "sanitet", {}),
    ("4001", "Mental Helse Porsgrunn", "mentalhelse", {}),
    ("4001", "LHL Porsgrunn", "lhl", {}),
    ("4001", "Porsgrunn Historielag", "historielag", {}),
    ("4001", "Brevik Skolemusikkorps", "korps", {}),
    ("4001", "Somalisk kvinneforening i Porsgrunn", "innvandrer", {"origin": "Somalia"}),
    ("4001", "Norsk Folkehjelp Porsgrunn", "folkehjelp", {}),
    ("4001", "Språkkafé i Porsgrunn", "spraakkafe", {}),
    ("4005", "Notodden Røde Kors", "rodekors", {}),
    ("4005", "Notodden Historielag", "historielag", {}),
    (
        "4005",
        "Notodden Bluesklubb",
        "kor",
        {
            "description": "Bluesklubben arrangerer jam-kvelder og konserter hele året og "
            "gir unge musikere i Notodden en scene å spille på.",
            "target_groups": ("youth", "young-adults", "adults"),
            "themes": ("music", "arts-culture"),
        },
    ),
    ("4005", "Seniornett Notodden", "seniornett", {}),
    ("4005", "Strikkekafé på Notodden", "strikkekafe", {"public": False}),
    ("4010", "Siljan Bygdekvinnelag", "bygdekvinnelag", {}),
    ("4010", "Siljan Idrettslag", "idrettslag", {}),
    ("4010", "Siljan Historielag", "historielag", {}),
    ("4012", "Bamble Røde Kors", "rodekors", {}),
    ("4012", "Langesund Sanitetsforening", "sanitet", {}),
    ("4012", "Foreningen Norden Bamble", "norden", {}),
    ("4012", "Stathelle Skolekorps", "korps", {}),
    ("4014", "Kragerø Røde Kors", "rodekors", {}),
    ("4014", "Kragerø Husflidslag", "husflid", {}),
    ("4014", "Frelsesarmeen Kragerø", "frelsesarmeen", {}),
    ("4014", "Redd Barna Kragerø", "reddbarna", {}),
    ("4016", "Drangedal Bygdekvinnelag", "bygdekvinnelag", {}),
    ("4016", "Drangedal Historielag", "historielag", {}),
    ("4016", "Drangedal Idrettslag", "idrettslag", {}),
    ("4018", "Ulefoss Skolekorps", "korps", {}),
    ("4018", "Lunde Sanitetsforening", "sanitet", {}),
    ("4018", "Nome Historielag", "historielag", {}),
    ("4018", "Seniornett Nome", "seniornett", {}),
    ("4020", "Bø Idrettslag", "idrettslag", {}),
    ("4020", "1. Bø speidargruppe", "speider", {}),
    ("4020", "Mental Helse Midt-Telemark", "mentalhelse", {}),
    ("4020", "Sauherad Husflidslag", "husflid", {}),
    ("4020", "Bø Sogelag", "historielag", {}),
    ("4022", "Seljord Sogelag", "historielag", {}),
    ("4022", "Seljord Bygdekvinnelag", "bygdekvinnelag", {}),
    ("4022", "Seljord Ungdomslag", "ungdomslag", {}),
    ("4024", "Hjartdal Bygdekvinnelag", "bygdekvinnelag", {}),
    ("4024", "Sauland Ungdomslag", "ungdomslag", {}),
    ("4026", "Tinn Røde Kors", "rodekors", {}),
    ("4026", "Seniornett Tinn", "seniornett", {}),
    ("4026", "Rjukan Skolekorps", "korps", {}),
    ("4026", "Tinn Historielag", "historielag", {}),
    ("4026", "Rjukan Turlag", "turlag", {}),
    ("4028", "Kviteseid Sogelag", "historielag", {}),
    ("4028", "Kviteseid Husflidslag", "husflid", {}),
    ("4028", "Vrådal Idrettslag", "idrettslag", {}),
    ("4030", "Nissedal Bygdekvinnelag", "bygdekvinnelag", {}),
    ("4030", "Treungen Idrettslag", "idrettslag", {}),
    ("4032", "Fyresdal Sogelag", "historielag", {}),
    ("4032", "Fyresdal Skulekorps", "korps", {}),
    ("4034", "Tokke Husflidslag", "husflid", {}),
    ("4034", "Dalen Ungdomslag", "ungdomslag", {}),
    ("4034", "Tokke Røde Kors", "rodekors", {}),
    ("4036", "Vinje Turlag", "turlag", {}),
    ("4036", "Vinje Bygdekvinnelag", "bygdekvinnelag", {}),
    ("4036", "Åmot Skulekorps", "korps", {}),
    ("4036", "Leser søker bok Vinje", "lsb", {}),
]

VOLUNTEER_CENTRES = [
    "3901",
    "3903",
    "3905",
    "3907",
    "3909",
    "3911",
    "4001",
    "4003",
    "4005",
    "4012",
    "4014",
    "4018",
    "4020",
    "4022",
    "4034",
    "4036",
]
CULTURE_SERVICES = [
    "3905",
    "3907",
    "3909",
    "3901",
    "4001",
    "4003",
    "4005",
    "4012",
    "4014",
    "4020",
    "4026",
    "4036",
    "4034",
]
PUBLIC_HEALTH_SERVICES = [
    "3905",
    "3907",
    "3909",
    "3903",
    "4001",
    "4003",
    "4005",
    "4018",
    "4016",
    "4026",
    "4022",
    "4030",
]


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, tuple) else ()


def _spec(
    municipality: str,
    name: str,
    template_key: str,
    options: dict[str, object] | None = None,
) -> OrganisationSpec:
    options = options or {}
    template = TEMPLATES[template_key]
    muni_name, postal_place = MUNICIPALITIES[municipality]
    text = template.nn if municipality in NYNORSK and template.nn else template.nb
    description = str(options.get("description") or text)
    description = description.format(muni=muni_name, origin=options.get("origin", ""))
    served_option = options.get("served")
    if isinstance(served_option, str):
        served = municipalities_in(served_option)
    elif isinstance(served_option, tuple):
        served = served_option
    else:
        served = (municipality,)
    slug = demo_slug(name)
    return OrganisationSpec(
        slug=slug,
        name=name,
        kind=str(options.get("kind", template.kind)),
        municipality=municipality,
        description=description,
        target_groups=_strings(options.get("target_groups")) or template.target_groups,
        themes=_strings(options.get("themes")) or template.themes,
        served=served,
        org_number=None if template.informal else demo_org_number(slug),
        public=bool(options.get("public", True)),
        postal_place=postal_place,
    )


def demo_organisations() -> list[OrganisationSpec]:
    """Every organisation of the demo, in a stable order."""
    specs = [
        _spec(
            "3905",
            "Vestfold fylkesbibliotek",
            "bibliotek",
            {
                "served": "39",
                "description": "Vestfold fylkesbibliotek utvikler bibliotekene i Vestfold med "
                "råd, kompetanseheving og fjernlån, og leder samskapingsarbeidet mellom "
                "bibliotek, kommuner og frivillige organisasjoner i fylket.",
            },
        ),
        _spec(
            "4003",
            "Telemark fylkesbibliotek",
            "bibliotek",
            {
                "served": "40",
                "description": "Telemark fylkesbibliotek utvikler bibliotekene i Telemark med "
                "råd, kompetanseheving og fjernlån, og inviterer bibliotek, kommuner og "
                "frivillige organisasjoner til samskapingsarenaer.",
            },
        ),
    ]
    for number, (muni_name, _place) in MUNICIPALITIES.items():
        if number == "3911":
            # Færder shares its library with Tønsberg; its branch is on Nøtterøy.
            specs.append(
                _spec(
                    number,
                    "Tønsberg og Færder bibliotek, avdeling Nøtterøy",
                    "bibliotek",
                    {"kind": Kind.LIBRARY_BRANCH},
                )
            )
        elif number == "3905":
            specs.append(
                _spec(
                    number,
                    "Tønsberg og Færder bibliotek",
                    "bibliotek",
                    {
                        "served": ("3905", "3911"),
                        "description": "Tønsberg og Færder bibliotek er folkebiblioteket for "
                        "to kommuner, med hovedbibliotek i Tønsberg og avdeling på Nøtterøy. "
                        "Biblioteket er en gratis møteplass med språkkafé, leksehjelp og "
                        "digital hjelp.",
                    },
                )
            )
        else:
            specs.append(_spec(number, f"{muni_name} bibliotek", "bibliotek"))
    for number in CULTURE_SERVICES:
        muni_name = MUNICIPALITIES[number][0]
        name = (
            f"Kultureininga i {muni_name} kommune"
            if number in NYNORSK
            else f"Kulturenheten i {muni_name} kommune"
        )
        specs.append(_spec(number, name, "kultur"))
    for number in PUBLIC_HEALTH_SERVICES:
        muni_name = MUNICIPALITIES[number][0]
        specs.append(_spec(number, f"Folkehelsekoordinator, {muni_name} kommune", "folkehelse"))
    for number in VOLUNTEER_CENTRES:
        muni_name = MUNICIPALITIES[number][0]
        specs.append(_spec(number, f"{muni_name} Frivilligsentral", "frivilligsentral"))
    specs.extend(_spec(m, name, key, options) for m, name, key, options in VOLUNTARY)
    return specs


@dataclass(frozen=True)
class UserSpec:
    email: str
    name: str
    language: str = "nb"
    staff: bool = False
    coordinator_for: tuple[str, ...] = ()
    # (organisation slug, role, status, message)
    memberships: tuple[tuple[str, str, str, str], ...] = ()


DEMO_USERS: list[UserSpec] = [
    UserSpec(
        f"member@{DEMO_EMAIL_DOMAIN}",
        "Ingrid Bakken",
        memberships=(("skien-rode-kors", "member", "active", ""),),
    ),
    UserSpec(
        f"orgadmin@{DEMO_EMAIL_DOMAIN}",
        "Lars Haugen",
        memberships=(("skien-rode-kors", "admin", "active", ""),),
    ),
    UserSpec(
        f"koordinator.telemark@{DEMO_EMAIL_DOMAIN}",
        "Marte Lie",
        coordinator_for=("40",),
        memberships=(("telemark-fylkesbibliotek", "member", "active", ""),),
    ),
    UserSpec(
        f"koordinator.vestfold@{DEMO_EMAIL_DOMAIN}",
        "Jonas Berg",
        coordinator_for=("39",),
        memberships=(("vestfold-fylkesbibliotek", "member", "active", ""),),
    ),
    UserSpec(
        f"reviewer@{DEMO_EMAIL_DOMAIN}",
        "Åse Nutheim",
        language="nn",
        memberships=(("vinje-bibliotek", "member", "active", ""),),
    ),
    UserSpec(f"admin@{DEMO_EMAIL_DOMAIN}", "Kristian Drift", staff=True),
    # Asks to join Skien Røde Kors, so the organisation admin has a request to approve.
    UserSpec(
        f"frivillig@{DEMO_EMAIL_DOMAIN}",
        "Amir Haidari",
        memberships=(
            (
                "skien-rode-kors",
                "member",
                "pending",
                "Hei! Jeg vil gjerne bli med som leksehjelper på Gulset.",
            ),
        ),
    ),
]
