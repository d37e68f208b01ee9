#!/usr/bin/env python
"""Import of the Enhetsregisteret bulk file at full size on PostgreSQL, next to its floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samskap_bench .venv/bin/python benchmarks/brreg_import.py

1. Generates a synthetic bulk file in the register's format (`enheter_alle.json.gz`: one JSON
   array of units shaped like the API's, 1,500,000 units of which 75,000 are registered in
   Frivillighetsregisteret), streaming, into `benchmarks/out/` and reuses it on later runs
   (`--regenerate` to write it again, `--units N` for a smaller file).
2. The floor: decompresses and parses the whole file with the import's own reader
   (`registers.readers.iter_raw_units`, ijson), counting units, in a child process.
3. Empties the register set (organisations from the register, register units, import runs),
   then runs `manage.py import_brreg --file … --voluntary-only` in a child process: wall time,
   units read per second, organisations written per second and the child's peak memory
   (`/usr/bin/time`'s maximum resident set size, so only that process is counted).
4. Runs the same import again: nothing changed, so everything must come out unchanged.

Prints a Markdown table with the machine it ran on and writes it to
`benchmarks/out/brreg_import.md`. Targets: import at most 2× the floor, peak memory under
300 MB. `--profile` runs the import under cProfile instead (use a smaller file:
`--units 200000 --profile`) and prints where the time goes.
"""

import argparse
import csv
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out"
OUT = OUT_DIR / "brreg_import.md"
PLACES = ROOT / "samskap" / "places" / "data"
TARGET_RATIO = 2.0
TARGET_MEMORY_MB = 300.0
VOLUNTARY_SHARE = 0.05  # 75,000 of 1,500,000, as in the real register (~73,000)
LINK = "https://data.brreg.no/enhetsregisteret/api"
TIME = Path("/usr/bin/time")
MAXRSS_MARK = "brreg-benchmark-maxrss-kib="

# --- the synthetic bulk file ----------------------------------------------------------------

# (code, description, share of the units that are not registered as voluntary)
ORG_FORMS: list[tuple[str, str, float]] = [
    ("AS", "Aksjeselskap", 0.40),
    ("ENK", "Enkeltpersonforetak", 0.31),
    ("FLI", "Forening/lag/innretning", 0.05),
    ("ANS", "Ansvarlig selskap", 0.03),
    ("DA", "Selskap med delt ansvar", 0.02),
    ("NUF", "Norskregistrert utenlandsk foretak", 0.03),
    ("BRL", "Borettslag", 0.04),
    ("ESEK", "Eierseksjonssameie", 0.04),
    ("SA", "Samvirkeforetak", 0.02),
    ("STI", "Stiftelse", 0.02),
    ("ORGL", "Organisasjonsledd", 0.02),
    ("SAM", "Tingsrettslig sameie", 0.015),
    ("KOMM", "Kommune", 0.0005),
    ("IKS", "Interkommunalt selskap", 0.0015),
    ("KF", "Kommunalt foretak", 0.0015),
    ("PK", "Pensjonskasse", 0.0005),
]
INDUSTRY: dict[str, list[tuple[str, str]]] = {
    "voluntary": [
        ("94.991", "Aktiviteter i andre interesseorganisasjoner ikke nevnt annet sted"),
        ("93.120", "Idrettslag og -klubber"),
        ("94.994", "Aktiviteter i andre humanitære organisasjoner"),
        ("90.012", "Utøvende kunstnere og underholdningsvirksomhet innen musikk"),
        ("94.920", "Aktiviteter i politiske organisasjoner"),
        ("88.991", "Velferdsorganisasjoner"),
        ("91.012", "Drift av bibliotek"),
        ("94.910", "Aktiviteter i religiøse organisasjoner"),
    ],
    "business": [
        ("62.010", "Programmeringstjenester"),
        ("41.109", "Utvikling og salg av egen fast eiendom ellers"),
        ("68.209", "Utleie av egen eller leid fast eiendom ellers"),
        ("70.220", "Bedriftsrådgivning og annen administrativ rådgivning"),
        ("43.320", "Snekkerarbeid"),
        ("47.190", "Butikkhandel med bredt vareutvalg ellers"),
        ("56.101", "Drift av restauranter og kafeer"),
        ("01.410", "Melkeproduksjon på storfe"),
        ("49.410", "Godstransport på vei"),
        ("86.230", "Tannhelsetjenester"),
    ],
    "public": [
        ("84.110", "Generell offentlig administrasjon"),
        ("91.011", "Drift av bibliotek"),
        ("85.201", "Ordinær grunnskoleundervisning"),
        ("86.909", "Andre helsetjenester"),
    ],
}
VOLUNTARY_SUFFIXES = [
    "RØDE KORS",
    "IDRETTSLAG",
    "IL",
    "SKOLEKORPS",
    "HISTORIELAG",
    "SANITETSFORENING",
    "MUSIKKORPS",
    "BYGDEKVINNELAG",
    "4H",
    "FOTBALLKLUBB",
    "FK",
    "SPELEMANNSLAG",
    "BIBLIOTEKS VENNER",
    "BLANDAKOR",
    "PENSJONISTFORENING",
    "SKYTTERLAG",
    "VELFORENING",
    "TURLAG DNT",
    "HUSFLIDSLAG",
    "FRIVILLIGSENTRAL",
    "SJAKKLUBB",
    "MENIGHETSRÅD",
    "UNGDOMSLAG",
    "FORELDRELAG",
    "TEATERLAG",
    "LIONS CLUB",
    "SPEIDERGRUPPE",
    "KULTURFORUM",
]
FOUNDATION_SUFFIXES = ["STIFTELSE", "LEGAT", "STIFTELSEN KULTURHUS", "MINNEFOND"]
ROOTS = [
    "BERG",
    "HOLT",
    "NES",
    "VIK",
    "DAL",
    "ÅS",
    "LI",
    "MO",
    "HAUG",
    "STRAND",
    "SKOG",
    "BREKKE",
    "FJELL",
    "SAND",
    "ØYE",
    "RUD",
    "BAKKE",
    "LUND",
    "MYR",
    "TVEIT",
    "HEIM",
    "GARD",
    "BØ",
    "SKAR",
    "NORD",
    "SØR",
    "AUST",
    "VEST",
    "ELV",
    "FOSS",
    "STEIN",
    "GRAN",
    "BJØRK",
    "EIK",
    "ROS",
    "SOL",
    "MÅNE",
    "ØRN",
    "ULV",
    "REV",
]
ENDINGS = ["", "EN", "VIK", "DAL", "BYGDA", "ÅSEN", "HEIA", "MOEN", "LIA", "SETRA", "NESET", "ØY"]
PREFIXES = ["", "", "", "NORDRE ", "SØNDRE ", "ØVRE ", "NEDRE ", "GAMLE ", "NYE "]
FIRST_NAMES = ["OLA", "KARI", "PER", "INGRID", "JON", "SIRI", "ALI", "NORA", "ERIK", "MARIA"]
SURNAMES = ["HANSEN", "JOHANSEN", "OLSEN", "LARSEN", "ANDERSEN", "PEDERSEN", "NILSEN", "BERG"]
BUSINESS_WORDS = ["BYGG", "EIENDOM", "HOLDING", "INVEST", "CONSULT", "TRANSPORT", "DATA", "MAT"]
ACTIVITY = [
    "Å fremme idrett og fysisk aktivitet for barn, unge og voksne i nærmiljøet.",
    "Foreningen skal drive kulturelt arbeid og samle medlemmene til sang og musikk.",
    "Å arbeide for lokalhistorie, kulturminner og tradisjoner i bygda.",
    "Humanitært arbeid: besøkstjeneste, leksehjelp og beredskap.",
    "Å gi barn og unge gode fritidstilbud og et trygt møtested.",
    "Drift av bibliotekets venneforening, lesestunder og foredrag.",
]


def check_digit(first_eight: str) -> int | None:
    """Modulus 11 with weights 3,2,7,6,5,4,3,2; None when the remainder makes it invalid."""
    remainder = (
        sum(int(d) * w for d, w in zip(first_eight, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    )
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def org_numbers() -> Iterator[str]:
    """Valid organisation numbers in ascending order (the bulk file is sorted by number)."""
    prefix = 80_000_000
    while True:
        prefix += 7
        digit = check_digit(str(prefix))
        if digit is not None:
            yield f"{prefix}{digit}"


@dataclass
class Places:
    municipalities: list[tuple[str, str]]  # (number, name), 2024 numbers
    old: list[tuple[str, str]]  # (number, name) of pre-2024 numbers that changed


def load_places() -> Places:
    with (PLACES / "municipalities_2024.csv").open(encoding="utf-8") as f:
        current = [(row["number"], row["name_norwegian"]) for row in csv.DictReader(f)]
    with (PLACES / "municipality_changes_2024.csv").open(encoding="utf-8") as f:
        old = {
            row["old_number"]: row["old_name"]
            for row in csv.DictReader(f)
            if row["old_number"] != row["new_number"]
        }
    return Places(current, sorted(old.items()))


@dataclass
class Generator:
    places: Places
    rng: random.Random
    localities: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.localities = [p + r + e for p in PREFIXES for r in ROOTS for e in ENDINGS]
        self.form_choices = [(code, desc) for code, desc, _ in ORG_FORMS]
        self.form_weights = [share for _, _, share in ORG_FORMS]

    def municipality(self) -> tuple[str, str]:
        # One unit in eight still carries a pre-2024 number, as long-lived units do.
        if self.rng.random() < 0.125:
            return self.rng.choice(self.places.old)
        return self.rng.choice(self.places.municipalities)

    def address(self, number: str, name: str, *, postbox: bool = False) -> dict[str, Any]:
        rng = self.rng
        line = (
            f"Postboks {rng.randint(1, 9999)}"
            if postbox
            else f"{rng.choice(ROOTS).capitalize()}veien {rng.randint(1, 120)}"
        )
        lines = [line] if rng.random() < 0.8 else ["c/o " + rng.choice(SURNAMES).title(), line]
        return {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": f"{rng.randint(1, 9999):04d}",
            "poststed": name.upper(),
            "adresse": lines,
            "kommune": name.upper(),
            "kommunenummer": number,
        }

    def unit(self, org_number: str, *, voluntary: bool) -> dict[str, Any]:
        rng = self.rng
        if voluntary:
            code, description = (
                ("FLI", "Forening/lag/innretning") if rng.random() < 0.9 else ("STI", "Stiftelse")
            )
        else:
            code, description = rng.choices(self.form_choices, self.form_weights)[0]
        number, place = self.municipality()
        local = rng.choice(self.localities) if rng.random() < 0.7 else place.upper()
        if code == "FLI":
            name = f"{local} {rng.choice(VOLUNTARY_SUFFIXES)}"
            industry = rng.choice(INDUSTRY["voluntary"])
        elif code == "STI":
            name = f"{local} {rng.choice(FOUNDATION_SUFFIXES)}"
            industry = rng.choice(INDUSTRY["voluntary"])
        elif code == "ENK":
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(BUSINESS_WORDS)}"
            industry = rng.choice(INDUSTRY["business"])
        elif code in ("KOMM", "IKS", "KF", "ORGL"):
            name = f"{place.upper()} KOMMUNE" if code == "KOMM" else f"{local} KULTURSKOLE"
            industry = rng.choice(INDUSTRY["public"])
        else:
            name = f"{local} {rng.choice(BUSINESS_WORDS)} {code}"
            industry = rng.choice(INDUSTRY["business"])
        year = rng.randint(1950, 2025)
        unit: dict[str, Any] = {
            "organisasjonsnummer": org_number,
            "navn": name,
            "organisasjonsform": {
                "kode": code,
                "beskrivelse": description,
                "_links": {"self": {"href": f"{LINK}/organisasjonsformer/{code}"}},
            },
        }
        if rng.random() < (0.35 if voluntary else 0.15):
            unit["hjemmeside"] = f"www.{local.lower().replace(' ', '')}.no"
        shape = rng.random()
        if shape < 0.005:
            pass  # no address at all
        elif shape < 0.25:
            unit["postadresse"] = self.address(number, place, postbox=True)
        if shape >= 0.005:
            if rng.random() < 0.002:
                unit["forretningsadresse"] = {  # abroad: no municipality number
                    "land": "Sverige",
                    "landkode": "SE",
                    "postnummer": "41104",
                    "poststed": "GÖTEBORG",
                    "adresse": ["Storgatan 1"],
                }
            else:
                unit["forretningsadresse"] = self.address(number, place)
        unit["registreringsdatoEnhetsregisteret"] = (
            f"{max(year, 1995)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        )
        unit["registrertIMvaregisteret"] = not voluntary and rng.random() < 0.5
        if industry and rng.random() < 0.9:
            unit["naeringskode1"] = {"kode": industry[0], "beskrivelse": industry[1]}
        if rng.random() < 0.3:
            unit["antallAnsatte"] = rng.randint(0, 40)
            unit["harRegistrertAntallAnsatte"] = True
        else:
            unit["harRegistrertAntallAnsatte"] = False
        unit["stiftelsesdato"] = f"{year}-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}"
        unit["institusjonellSektorkode"] = (
            {"kode": "7000", "beskrivelse": "Ideelle organisasjoner"}
            if code in ("FLI", "STI")
            else {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."}
        )
        unit["registrertIForetaksregisteret"] = code not in ("FLI", "STI", "KOMM", "ORGL")
        unit["registrertIStiftelsesregisteret"] = code == "STI"
        unit["registrertIFrivillighetsregisteret"] = voluntary
        bankrupt = rng.random() < 0.004
        unit["konkurs"] = bankrupt
        if bankrupt:
            unit["konkursdato"] = "2025-03-14"
        unit["underAvvikling"] = rng.random() < 0.004
        unit["underTvangsavviklingEllerTvangsopplosning"] = rng.random() < 0.002
        unit["maalform"] = "Nynorsk" if rng.random() < 0.12 else "Bokmål"
        if code in ("FLI", "STI") or rng.random() < 0.3:
            text = rng.choice(ACTIVITY)
            unit["aktivitet"] = [text[:70], text[70:]] if len(text) > 70 else [text]
        unit["registrertIPartiregisteret"] = False
        unit["_links"] = {"self": {"href": f"{LINK}/enheter/{org_number}"}}
        return unit


def generate(path: Path, *, units: int, voluntary: int, seed: int) -> float:
    """Write the file through a temporary name (a cut-short run leaves no half file)."""
    start = time.perf_counter()
    generator = Generator(load_places(), random.Random(seed))
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    numbers = org_numbers()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".brreg-", suffix=".json.gz")
    chunk: list[str] = []
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=4) as out,
        ):
            out.write(b"[")
            for i in range(units):
                # Spread the voluntary units evenly through the file, exactly `voluntary` of them.
                is_voluntary = (i + 1) * voluntary // units > i * voluntary // units
                chunk.append(encode(generator.unit(next(numbers), voluntary=is_voluntary)))
                if len(chunk) == 5000:
                    out.write(("," if i >= 5000 else "").encode() + ",".join(chunk).encode())
                    chunk = []
                if (i + 1) % 250_000 == 0:
                    print(f"  {i + 1:,} units written", file=sys.stderr)
            if chunk:
                out.write(("," if units > len(chunk) else "").encode() + ",".join(chunk).encode())
            out.write(b"]")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return time.perf_counter() - start


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    returncode: int
    output: str


def run_child(command: list[str], env: dict[str, str]) -> Measured:
    """Run a child process; its own wall time and peak resident memory.

    The peak comes from `/usr/bin/time` where it exists: it forks the command from its own
    small process, so the figure is the command's alone. Without it, `os.wait4`'s
    `ru_maxrss`, which on Linux also counts what the child inherited from this process when it
    was forked (an upper bound)."""
    if TIME.exists():
        command = [str(TIME), "-f", f"{MAXRSS_MARK}%M", *command]
    with tempfile.TemporaryFile(mode="w+") as log:
        start = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    peak_kib = usage.ru_maxrss  # Linux reports KiB
    lines = []
    for line in output.splitlines():
        if line.startswith(MAXRSS_MARK):
            peak_kib = int(line.removeprefix(MAXRSS_MARK))
        else:
            lines.append(line)
    return Measured(seconds, peak_kib / 1024, process.returncode, "\n".join(lines))


def floor_child(path: Path) -> int:
    """Child mode: decompress and parse the whole file with the import's reader."""
    import django

    django.setup()
    from samskap.directory.registers import readers

    start = time.perf_counter()
    units = errors = 0
    for _, item in readers.iter_raw_units(path):
        if isinstance(item, dict):
            units += 1
        else:
            errors += 1
    print(json.dumps({"units": units, "errors": errors, "seconds": time.perf_counter() - start}))
    return 0


# --- the run --------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_500_000, help="units in the file")
    parser.add_argument(
        "--voluntary", type=int, default=None, help="of them voluntary (default 5%%)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed of the generator")
    parser.add_argument("--regenerate", action="store_true", help="write the file again")
    parser.add_argument("--file", type=Path, default=None, help="use this bulk file instead")
    parser.add_argument("--batch-size", type=int, default=None, help="passed to import_brreg")
    parser.add_argument("--profile", action="store_true", help="run the import once under cProfile")
    parser.add_argument(
        "--update-run",
        action="store_true",
        help="a third run in which every unit looks changed (the update path)",
    )
    parser.add_argument("--output", type=Path, default=OUT, help=f"default {OUT}")
    parser.add_argument("--floor-child", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def django_environment() -> dict[str, str]:
    """The children run as in production: DEBUG off (no query log), no test settings."""
    env = dict(os.environ)
    env["DEBUG"] = "0"
    env.pop("SAMSKAP_TESTING", None)
    env.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    env["DJANGO_SETTINGS_MODULE"] = "samskap.settings"
    env["PYTHONPATH"] = str(ROOT)
    return env


def configure_environment() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "This benchmark measures PostgreSQL, the production database. Set DATABASE_URL to "
            "a throwaway PostgreSQL database (the benchmark empties its register data), e.g.\n"
            "  psql -h 127.0.0.1 -U postgres -c 'create database samskap_bench'\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/samskap_bench "
            ".venv/bin/python benchmarks/brreg_import.py"
        )
    os.environ.update(django_environment())
    sys.path.insert(0, str(ROOT))


def machine() -> dict[str, str]:
    import ijson
    from machine import machine as common

    return {**common(), "ijson backend": ijson.backend}


def empty_register_set() -> None:
    """Start from nothing imported: register organisations, register units and runs go."""
    from django.db import transaction

    from samskap.directory import models

    with transaction.atomic():
        for name in ("ImportRunIssue", "ImportRun", "RegisterUnit"):
            model = getattr(models, name, None)
            if model is not None:
                model.objects.all().delete()
        models.Organisation.objects.filter(source=models.Organisation.Source.REGISTER).delete()


def last_run() -> dict[str, int]:
    from samskap.directory.models import ImportRun

    run = ImportRun.objects.order_by("-pk").first()
    if run is None:
        return {}
    counts = {}
    for name in ("created", "updated", "unchanged", "deactivated", "reactivated", "skipped"):
        value = getattr(run, name, None)
        if isinstance(value, int):
            counts[name] = value
    counts["issues"] = run.issues.count() if hasattr(run, "issues") else 0
    counts["status"] = getattr(run, "status", "")
    return counts


UPDATE_STEP = "Third run, every unit changed (fingerprints cleared)"


def forget_fingerprints() -> None:
    """Make every stored unit look changed, as after a change of the mapping: the next run
    takes the update path for all of them (same data, so the profiles stay as they are)."""
    from samskap.directory.models import RegisterUnit

    RegisterUnit.objects.update(fingerprint="")


def register_organisations() -> int:
    from samskap.directory.models import Organisation

    return Organisation.objects.filter(source=Organisation.Source.REGISTER).count()


def import_command(path: Path, args: argparse.Namespace) -> list[str]:
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "import_brreg",
        "--file",
        str(path),
        "--voluntary-only",
    ]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    return command


def profile(path: Path, args: argparse.Namespace) -> int:
    import pstats

    empty_register_set()
    stats = OUT_DIR / "brreg_import.prof"
    command = import_command(path, args)
    command[1:1] = ["-m", "cProfile", "-o", str(stats)]
    measured = run_child(command, django_environment())
    print(measured.output[-2000:], file=sys.stderr)
    print(f"Import under cProfile: {measured.seconds:.1f} s, {measured.peak_mb:.0f} MB peak")
    report = pstats.Stats(str(stats))
    report.sort_stats("cumulative").print_stats(35)
    report.sort_stats("tottime").print_stats(25)
    return measured.returncode


def number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def markdown(
    info: dict[str, str],
    data: dict[str, str],
    rows: list[tuple[str, Measured, int, int, str]],
    floor: Measured,
) -> str:
    lines = [
        "# Register import benchmark",
        "",
        "Synthetic `enheter_alle.json.gz` in the register's format, imported with "
        "`manage.py import_brreg --file … --voluntary-only` on PostgreSQL, each step in its own "
        f"process. Targets: import at most {TARGET_RATIO:.0f}× the floor (decompressing and "
        f"parsing the same file with the same reader), peak memory under "
        f"{TARGET_MEMORY_MB:.0f} MB.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in info.items()),
        *(f"| {key} | {value} |" for key, value in data.items()),
        "",
        "| step | wall s | units read / s | organisations written / s | peak MB "
        "| × floor | result |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    units = int(data["Units in the file"].replace(" ", ""))
    lines.append(
        f"| Floor: decompress and parse | {floor.seconds:.1f} | {number(units / floor.seconds)} "
        f"| | {floor.peak_mb:.0f} | 1.0 | {units:,} units |".replace(",", " ")
    )
    for name, measured, written, read, result in rows:
        ratio = measured.seconds / floor.seconds
        ok = ratio <= TARGET_RATIO and measured.peak_mb < TARGET_MEMORY_MB
        verdict = "targets met" if ok else "**target missed**"
        if measured.returncode:
            verdict = f"**failed (exit {measured.returncode})**"
        lines.append(
            f"| {name} | {measured.seconds:.1f} | {number(read / measured.seconds)} "
            f"| {number(written / measured.seconds)} | {measured.peak_mb:.0f} | {ratio:.2f} "
            f"| {verdict}; {result} |"
        )
    return "\n".join(lines) + "\n"


def describe(counts: dict[str, Any]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items() if value != "")


def main() -> int:
    args = parse_args()
    if args.floor_child:
        sys.path.insert(0, str(ROOT))
        return floor_child(args.floor_child)
    configure_environment()
    import django

    django.setup()
    from django.core.management import call_command

    voluntary = (
        args.voluntary if args.voluntary is not None else round(args.units * VOLUNTARY_SHARE)
    )
    path = args.file or OUT_DIR / f"enheter_alle_{args.units}_{voluntary}_{args.seed}.json.gz"
    generated = ""
    if args.file is None and (args.regenerate or not path.exists()):
        print(
            f"Generating {args.units:,} units ({voluntary:,} voluntary) into {path} …",
            file=sys.stderr,
        )
        seconds = generate(path, units=args.units, voluntary=voluntary, seed=args.seed)
        generated = f"{seconds:.0f} s"
    call_command("migrate", verbosity=0, interactive=False)
    if args.profile:
        return profile(path, args)

    info = machine()
    env = django_environment()
    print("Floor: decompress and parse …", file=sys.stderr)
    floor = run_child([sys.executable, __file__, "--floor-child", str(path)], env)
    if floor.returncode:
        print(floor.output, file=sys.stderr)
        return floor.returncode
    floor_result = json.loads(
        next(line for line in reversed(floor.output.splitlines()) if line.startswith("{"))
    )
    # The parse time of the floor, without the interpreter's and Django's start-up; the import
    # is timed from outside, start-up included, so the ratio does not flatter the import.
    floor.seconds = floor_result["seconds"]
    units = floor_result["units"]
    data = {
        "Bulk file": f"`{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}`, "
        f"{path.stat().st_size / 1024 / 1024:.0f} MB gzipped",
        "Units in the file": number(units),
        "Of them voluntary (FLI/STI in Frivillighetsregisteret)": number(voluntary),
    }
    if generated:
        data["Generating the file took"] = generated

    empty_register_set()
    rows = []
    steps = ["Import into an empty register set", "Second run, nothing changed"]
    if args.update_run:
        steps.append(UPDATE_STEP)
    for name in steps:
        print(f"{name} …", file=sys.stderr)
        if name == UPDATE_STEP:
            forget_fingerprints()
        measured = run_child(import_command(path, args), env)
        if measured.returncode:
            print(measured.output[-4000:], file=sys.stderr)
        counts = last_run()
        written = (
            counts.get("created", 0)
            + counts.get("updated", 0)
            + counts.get("deactivated", 0)
            + counts.get("reactivated", 0)
        )
        rows.append((name, measured, written, units, describe(counts)))
        print(
            f"  {measured.seconds:.1f} s, {measured.peak_mb:.0f} MB, {describe(counts)}",
            file=sys.stderr,
        )
    data["Organisations from the register afterwards"] = number(register_organisations())
    report = markdown(info, data, rows, floor)
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(f"Written to {args.output}", file=sys.stderr)
    return max(m.returncode for _, m, _, _, _ in rows)


if __name__ == "__main__":
    sys.exit(main())
