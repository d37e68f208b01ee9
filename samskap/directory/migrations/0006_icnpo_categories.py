"""Load the ICNPO activity categories of the Register of Non-Profit Organisations.

Codes normalised as `registers.icnpo.normalise_code` does ("1 100" -> "1100", "10 100" ->
"10100"); names in Norwegian from `registers/data/icnpo_categories_2014.csv`, except 2400,
which that source names like 3400 by mistake: ICNPO 2 400 is research ("Forskning").
"""

from django.db import migrations

CATEGORIES = [
    ("1100", "Kunst og kultur"),
    ("1200", "Idrett"),
    ("1300", "Rekreasjon og sosiale foreninger"),
    ("2100", "Grunn- og videregående utdanning"),
    ("2200", "Høgskole og universitet"),
    ("2300", "Annen utdanning"),
    ("2400", "Forskning"),
    ("3100", "Sykehus og rehabilitering"),
    ("3200", "Sykehjem"),
    ("3300", "Psykiatriske institusjoner"),
    ("3400", "Andre helsetjenester"),
    ("4100", "Sosiale tjenester"),
    ("4200", "Krisehjelp og støttearbeid"),
    ("4300", "Økonomisk og materiell støtte"),
    ("5100", "Natur- og miljøvern"),
    ("5200", "Dyrevern"),
    ("6100", "Lokalsamfunnsutvikling"),
    ("6200", "Bolig- og lokalmiljø"),
    ("6300", "Arbeidsopplæring"),
    ("7100", "Interesseorganisasjoner"),
    ("7200", "Juridisk rådgivning"),
    ("7300", "Politiske organisasjoner"),
    ("8100", "Pengeutdelende stiftelser"),
    ("8200", "Frivillighetssentraler"),
    ("9100", "Internasjonale organisasjoner"),
    ("10100", "Tros- og livssynsorganisasjoner"),
    ("11100", "Næringslivs- og arbeidsgiverorganisasjoner"),
    ("11200", "Yrkessammenslutninger"),
    ("11300", "Arbeidstakerorganisasjoner"),
    ("12100", "Andre"),
    ("13100", "Barne- og ungdomsorganisasjoner"),
    ("14100", "Mangfold og inkludering"),
]


def load(apps, schema_editor):
    IcnpoCategory = apps.get_model("directory", "IcnpoCategory")
    for code, name in CATEGORIES:
        IcnpoCategory.objects.update_or_create(code=code, defaults={"name": name})


def unload(apps, schema_editor):
    apps.get_model("directory", "IcnpoCategory").objects.filter(
        code__in=[code for code, _ in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_register_import")]
    operations = [migrations.RunPython(load, unload)]
