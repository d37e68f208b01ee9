"""Seed the languages activities can be held in; they stay editable in the admin.

Codes are ISO 639-1 where one exists (ISO 639-3 otherwise). The list covers Norway's official
and minority languages and the languages most spoken by immigrants in Norway (Statistics
Norway, table 09817)."""

from django.db import migrations

LANGUAGES = [
    ("nb", "Norsk", "Norsk", "Norwegian"),
    ("se", "Nordsamisk", "Nordsamisk", "Northern Sami"),
    ("smj", "Lulesamisk", "Lulesamisk", "Lule Sami"),
    ("sma", "Sørsamisk", "Sørsamisk", "Southern Sami"),
    ("fkv", "Kvensk", "Kvensk", "Kven"),
    ("nsl", "Norsk tegnspråk", "Norsk teiknspråk", "Norwegian Sign Language"),
    ("en", "Engelsk", "Engelsk", "English"),
    ("pl", "Polsk", "Polsk", "Polish"),
    ("lt", "Litauisk", "Litauisk", "Lithuanian"),
    ("uk", "Ukrainsk", "Ukrainsk", "Ukrainian"),
    ("ar", "Arabisk", "Arabisk", "Arabic"),
    ("so", "Somali", "Somali", "Somali"),
    ("ti", "Tigrinja", "Tigrinja", "Tigrinya"),
    ("fa", "Persisk", "Persisk", "Persian"),
    ("ur", "Urdu", "Urdu", "Urdu"),
    ("es", "Spansk", "Spansk", "Spanish"),
    ("de", "Tysk", "Tysk", "German"),
    ("sv", "Svensk", "Svensk", "Swedish"),
    ("ru", "Russisk", "Russisk", "Russian"),
    ("th", "Thai", "Thai", "Thai"),
]


def seed(apps, schema_editor):
    Language = apps.get_model("activities", "Language")
    for position, (slug, nb, nn, en) in enumerate(LANGUAGES):
        Language.objects.update_or_create(
            slug=slug, defaults={"name_nb": nb, "name_nn": nn, "name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
