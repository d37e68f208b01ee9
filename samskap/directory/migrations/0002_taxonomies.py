"""Seed the target groups and themes; both stay editable in the admin."""

from django.db import migrations

TARGET_GROUPS = [
    ("children", "Barn", "Born", "Children"),
    ("youth", "Ungdom", "Ungdom", "Youth"),
    ("young-adults", "Unge voksne", "Unge vaksne", "Young adults"),
    ("adults", "Voksne", "Vaksne", "Adults"),
    ("seniors", "Seniorer", "Seniorar", "Seniors"),
    ("families", "Familier", "Familiar", "Families"),
    (
        "immigrants",
        "Innvandrere og språkinnlærere",
        "Innvandrarar og språkinnlærarar",
        "Immigrants and language learners",
    ),
    (
        "disabilities",
        "Personer med funksjonsnedsettelse",
        "Personar med funksjonsnedsetjing",
        "People with disabilities",
    ),
    (
        "outside-work-school",
        "Personer utenfor arbeid eller skole",
        "Personar utanfor arbeid eller skule",
        "People outside work or school",
    ),
    ("lonely", "Ensomme og isolerte", "Einsame og isolerte", "The lonely and isolated"),
    ("students", "Studenter", "Studentar", "Students"),
    ("everyone", "Alle", "Alle", "Everyone"),
]

THEMES = [
    ("reading", "Lesing og litteratur", "Lesing og litteratur", "Reading and literature"),
    (
        "language-integration",
        "Språk og integrering",
        "Språk og integrering",
        "Language and integration",
    ),
    ("digital-inclusion", "Digital inkludering", "Digital inkludering", "Digital inclusion"),
    (
        "public-health",
        "Folkehelse og fysisk aktivitet",
        "Folkehelse og fysisk aktivitet",
        "Public health and physical activity",
    ),
    ("mental-health", "Psykisk helse", "Psykisk helse", "Mental health"),
    ("arts-culture", "Kunst og kultur", "Kunst og kultur", "Arts and culture"),
    ("music", "Musikk", "Musikk", "Music"),
    (
        "crafts-maker",
        "Håndverk og skaperaktiviteter",
        "Handverk og skaparaktivitetar",
        "Crafts and maker activities",
    ),
    ("outdoor-life", "Friluftsliv og natur", "Friluftsliv og natur", "Outdoor life and nature"),
    (
        "local-history",
        "Lokalhistorie og slektsgransking",
        "Lokalhistorie og slektsgransking",
        "Local history and genealogy",
    ),
    ("democracy-debate", "Demokrati og debatt", "Demokrati og debatt", "Democracy and debate"),
    ("gaming", "Gaming og spill", "Gaming og spel", "Gaming"),
    ("homework-help", "Leksehjelp", "Leksehjelp", "Homework help"),
    ("meeting-place", "Sosial møteplass", "Sosial møtestad", "Social meeting place"),
    ("volunteering", "Frivillighet", "Frivilligheit", "Volunteering"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("TargetGroup", TARGET_GROUPS), ("Theme", THEMES)):
        model = apps.get_model("directory", model_name)
        for position, (slug, nb, nn, en) in enumerate(rows, start=1):
            model.objects.update_or_create(
                slug=slug,
                defaults={"name_nb": nb, "name_nn": nn, "name_en": en, "position": position},
            )


def unseed(apps, schema_editor):
    apps.get_model("directory", "TargetGroup").objects.filter(
        slug__in=[r[0] for r in TARGET_GROUPS]
    ).delete()
    apps.get_model("directory", "Theme").objects.filter(slug__in=[r[0] for r in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
