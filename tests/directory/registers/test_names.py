import pytest

from samskap.directory.registers.names import readable_name


@pytest.mark.parametrize(
    ("register_name", "expected"),
    [
        ("SKIEN RØDE KORS", "Skien Røde Kors"),
        ("NORGES RØDE KORS", "Norges Røde Kors"),
        ("SKIEN IL", "Skien IL"),
        ("ODD BALLKLUBB FK", "Odd Ballklubb FK"),
        ("PORSGRUNN BK", "Porsgrunn BK"),
        ("TELEMARK HK", "Telemark HK"),
        ("BØ IF", "Bø IF"),
        ("NOTODDEN TIF", "Notodden TIF"),
        ("4H NORGE", "4H Norge"),
        ("SELJORD 4H", "Seljord 4H"),
        ("NRK", "NRK"),
        ("DNT TELEMARK", "DNT Telemark"),
        ("DEN NORSKE TURISTFORENING - DNT TELEMARK", "Den Norske Turistforening - DNT Telemark"),
        ("NORGES KFUM-KFUK", "Norges KFUM-KFUK"),
        ("LHL SKIEN", "LHL Skien"),
        ("FAU SKIEN SKOLE", "FAU Skien Skole"),
        ("SKIEN MENIGHET SA", "Skien Menighet SA"),
        ("SESAM STASJON AS", "Sesam Stasjon AS"),
        ("SESAM ASA", "Sesam ASA"),
        ("NMK SKIEN", "NMK Skien"),  # no vowel: an abbreviation
        # small words inside, never first
        ("FORENINGEN FOR FOLKEHELSE I SKIEN", "Foreningen for Folkehelse i Skien"),
        ("VENNER AV BIBLIOTEKET PÅ BØ", "Venner av Biblioteket på Bø"),
        ("I SKIEN", "I Skien"),
        ("FOR BARN OG UNGE", "For Barn og Unge"),
        ("LAG TIL OG MED 18 ÅR", "Lag til og med 18 År"),
        ("IL I BØ", "IL i Bø"),
        (
            "VESTFOLD OG TELEMARK FYLKESKOMMUNE UNDER SLETTING FRA 01.01.2024",
            "Vestfold og Telemark Fylkeskommune under Sletting fra 01.01.2024",
        ),
        # hyphens, dots, slashes, apostrophes
        ("SØR-VARANGER MC KLUBB", "Sør-Varanger MC Klubb"),
        ("BØ-LAG", "Bø-Lag"),
        ("ST. OLAV MENIGHET", "St. Olav Menighet"),
        ("ST.HANSHAUGEN IL", "St.Hanshaugen IL"),
        ("KARI'S VENNER", "Kari's Venner"),
        ("O'BRIEN PUB AS", "O'Brien Pub AS"),
        ("BARN/UNGDOM A/S", "Barn/Ungdom A/S"),
        ("FOTO & FILM", "Foto & Film"),
        ("(SKIEN) BK", "(Skien) BK"),
        ("«SAMHOLD» UL", "«Samhold» UL"),
        # numbers, months, roman numerals, special forms
        ("17. MAI KOMITEEN", "17. mai Komiteen"),
        ("KARL XII LAG", "Karl XII Lag"),
        ("UIO MUSIKKFORENING", "UiO Musikkforening"),
        ("TELEMARK KRF", "Telemark KrF"),
        ("ÆRFUGL ØY ÅS", "Ærfugl Øy Ås"),
        # already readable, spaces tidied
        ("Sesam AS", "Sesam AS"),
        ("  SKIEN   RØDE  KORS ", "Skien Røde Kors"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_readable_name(register_name, expected):
    assert readable_name(register_name) == expected
