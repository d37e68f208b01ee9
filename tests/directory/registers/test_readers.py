import csv
import gzip
import io
import json
import random
from pathlib import Path

import pytest

from samskap.directory.registers.readers import ReadError, iter_raw_units
from samskap.directory.registers.records import RecordError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "brreg"


def unit(number: int, **extra):
    return {
        "organisasjonsnummer": f"{number:09d}",
        "navn": f"LAG NUMMER {number}",
        "organisasjonsform": {"kode": "FLI", "beskrivelse": "Forening/lag/innretning"},
        "forretningsadresse": {"adresse": ["Storgata 1"], "kommunenummer": "4003"},
        "registrertIFrivillighetsregisteret": True,
        "_links": {"self": {"href": f"https://example.test/{number}"}},
        **extra,
    }


def write_json(path: Path, items, *, compress: bool = False) -> Path:
    data = json.dumps(items, ensure_ascii=False).encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


CSV_HEADER = [
    "organisasjonsnummer",
    "navn",
    "organisasjonsform.kode",
    "organisasjonsform.beskrivelse",
    "naeringskode1.kode",
    "hjemmeside",
    "forretningsadresse.adresse",
    "forretningsadresse.postnummer",
    "forretningsadresse.kommunenummer",
    "postadresse.kommunenummer",
    "registrertIFrivillighetsregisteret",
    "konkurs",
    "aktivitet",
]


def csv_bytes(rows, *, delimiter=",", header=CSV_HEADER) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


CSV_ROW = [
    "988879134",
    "SESAM FILMKLUBB",
    "FLI",
    "Forening/lag/innretning",
    "94.991",
    "www.sesam.no",
    "Storgata 1\nInngang B",
    "3701",
    "3807",
    "",
    "true",
    "false",
    "Viser film\nfor medlemmene",
]


def read_all(path):
    return list(iter_raw_units(path))


def test_plain_json_array(tmp_path):
    items = read_all(write_json(tmp_path / "enheter.json", [unit(1), unit(2), unit(3)]))
    assert [position for position, _ in items] == [1, 2, 3]
    assert items[0][1]["organisasjonsnummer"] == "000000001"
    assert items[2][1]["forretningsadresse"]["kommunenummer"] == "4003"


def test_gzipped_json(tmp_path):
    path = write_json(tmp_path / "enheter_alle.json.gz", [unit(1), unit(2)], compress=True)
    items = read_all(path)
    assert [raw["navn"] for _, raw in items] == ["LAG NUMMER 1", "LAG NUMMER 2"]


def test_gzip_is_detected_by_magic_bytes_not_name(tmp_path):
    gzipped = write_json(tmp_path / "enheter.json", [unit(7)], compress=True)
    plain_named_gz = write_json(tmp_path / "enheter.json.gz", [unit(8)])
    assert read_all(gzipped)[0][1]["organisasjonsnummer"] == "000000007"
    assert read_all(plain_named_gz)[0][1]["organisasjonsnummer"] == "000000008"


def test_numbers_are_floats_not_decimals(tmp_path):
    path = write_json(tmp_path / "e.json", [unit(1, antallAnsatte=4, kapital=1.5)])
    raw = read_all(path)[0][1]
    assert raw["kapital"] == 1.5
    assert type(raw["kapital"]) is float


def test_empty_array_yields_nothing(tmp_path):
    assert read_all(write_json(tmp_path / "e.json", [])) == []
    assert read_all(write_json(tmp_path / "e.json.gz", [], compress=True)) == []


@pytest.mark.parametrize(
    "content",
    [b"", b"  \n", gzip.compress(b"", mtime=0)],
    ids=["empty", "blank", "empty-gzip"],
)
def test_empty_file_is_a_read_error(tmp_path, content):
    path = tmp_path / "empty.json.gz"
    path.write_bytes(content)
    with pytest.raises(ReadError) as raised:
        read_all(path)
    assert raised.value.position == 1
    assert "empty" in raised.value.reason


def test_broken_elements_in_the_middle_are_reported_and_reading_goes_on(tmp_path):
    path = write_json(tmp_path / "e.json", [unit(1), "nonsense", 42, None, [1], unit(2)])
    items = read_all(path)
    assert [position for position, _ in items] == [1, 2, 3, 4, 5, 6]
    errors = [item for _, item in items if isinstance(item, RecordError)]
    assert [(e.position, e.code) for e in errors] == [
        (2, "broken"),
        (3, "broken"),
        (4, "broken"),
        (5, "broken"),
    ]
    assert "a string" in errors[0].reason
    assert "a number" in errors[1].reason
    assert items[5][1]["organisasjonsnummer"] == "000000002"


def test_truncated_gzip_yields_what_was_read_then_raises(tmp_path):
    rng = random.Random(3)
    units = [
        unit(n, aktivitet=["".join(rng.choice("ABCDEFGHIJ ") for _ in range(200))])
        for n in range(1, 2001)
    ]
    full = gzip.compress(json.dumps(units).encode())
    path = tmp_path / "enheter_alle.json.gz"
    path.write_bytes(full[: len(full) // 2])
    seen = []
    with pytest.raises(ReadError) as raised:
        for position, raw in iter_raw_units(path):
            seen.append((position, raw))
    assert 100 < len(seen) < 2000
    assert [position for position, _ in seen] == list(range(1, len(seen) + 1))
    assert all(isinstance(raw, dict) for _, raw in seen)
    assert seen[-1][1] == units[len(seen) - 1]
    assert raised.value.position == len(seen) + 1
    assert "ends too early" in raised.value.reason


def test_corrupt_gzip_is_a_read_error(tmp_path):
    path = tmp_path / "enheter_alle.json.gz"
    path.write_bytes(b"\x1f\x8b" + b"garbage" * 20)
    with pytest.raises(ReadError) as raised:
        read_all(path)
    assert raised.value.position == 1


def test_json_syntax_error_after_good_records(tmp_path):
    path = tmp_path / "e.json"
    path.write_text(json.dumps([unit(1), unit(2)])[:-1] + ', {"navn": }]')
    seen = []
    with pytest.raises(ReadError) as raised:
        for item in iter_raw_units(path):
            seen.append(item)
    assert [position for position, _ in seen] == [1, 2]
    assert raised.value.position == 3
    assert "JSON" in raised.value.reason
    assert str(raised.value).startswith("record 3:")


def test_truncated_plain_json(tmp_path):
    path = tmp_path / "e.json"
    path.write_text(json.dumps([unit(1), unit(2)])[:-30])
    seen = []
    with pytest.raises(ReadError):
        for item in iter_raw_units(path):
            seen.append(item)
    assert [position for position, _ in seen] == [1]


def test_byte_order_mark_and_leading_space(tmp_path):
    path = tmp_path / "e.json"
    path.write_bytes(b"\xef\xbb\xbf \n" + json.dumps([unit(5)]).encode())
    assert read_all(path)[0][1]["organisasjonsnummer"] == "000000005"


def test_saved_search_page_of_the_api():
    items = read_all(FIXTURES / "enheter-search-page2-response.json")
    assert [raw["organisasjonsnummer"] for _, raw in items] == ["988879134"]


def test_search_page_without_embedded_is_empty():
    assert read_all(FIXTURES / "enheter-search-empty-response.json") == []


def test_csv_gz_is_converted_to_the_json_shape_with_newlines_inside_fields(tmp_path):
    other = ["971497017", "SESAM FAMILIEBARNEHAGE", "FLI", "", "88.911", "", "", "", "", "0301"]
    other += ["false", "true", ""]
    path = tmp_path / "enheter_alle.csv.gz"
    path.write_bytes(gzip.compress(csv_bytes([CSV_ROW, other])))
    items = read_all(path)
    assert [position for position, _ in items] == [1, 2]
    first = items[0][1]
    assert first == {
        "organisasjonsnummer": "988879134",
        "navn": "SESAM FILMKLUBB",
        "organisasjonsform": {"kode": "FLI", "beskrivelse": "Forening/lag/innretning"},
        "naeringskode1": {"kode": "94.991"},
        "hjemmeside": "www.sesam.no",
        "forretningsadresse": {
            "adresse": ["Storgata 1", "Inngang B"],
            "postnummer": "3701",
            "kommunenummer": "3807",
        },
        "registrertIFrivillighetsregisteret": True,
        "konkurs": False,
        "aktivitet": ["Viser film", "for medlemmene"],
    }
    second = items[1][1]
    assert second["postadresse"] == {"kommunenummer": "0301"}
    assert "forretningsadresse" not in second
    assert second["konkurs"] is True


def test_plain_csv_with_semicolons_and_bom(tmp_path):
    path = tmp_path / "enheter.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_bytes([CSV_ROW], delimiter=";"))
    (position, raw), *rest = read_all(path)
    assert rest == []
    assert position == 1
    assert raw["navn"] == "SESAM FILMKLUBB"
    assert raw["forretningsadresse"]["adresse"] == ["Storgata 1", "Inngang B"]


def test_csv_row_with_wrong_column_count_is_broken_and_reading_goes_on(tmp_path):
    path = tmp_path / "enheter.csv"
    short = ["971497017", "SESAM FAMILIEBARNEHAGE", "FLI"]
    path.write_bytes(csv_bytes([short, CSV_ROW]))
    items = read_all(path)
    assert [position for position, _ in items] == [1, 2]
    error = items[0][1]
    assert isinstance(error, RecordError)
    assert error.code == "broken"
    assert error.position == 1
    assert error.org_number == "971497017"
    assert "3 fields" in error.reason
    assert items[1][1]["organisasjonsnummer"] == "988879134"


def test_csv_header_only_yields_nothing(tmp_path):
    path = tmp_path / "enheter.csv.gz"
    path.write_bytes(gzip.compress(csv_bytes([])))
    assert read_all(path) == []


def test_truncated_csv_gz(tmp_path):
    rng = random.Random(5)
    rows = []
    for n in range(3000):
        row = list(CSV_ROW)
        row[1] = "".join(rng.choice("ABCDEFGHIJKLMNOP ") for _ in range(80))
        row[12] = f"Linje en {n}\nlinje to"
        rows.append(row)
    full = gzip.compress(csv_bytes(rows))
    path = tmp_path / "enheter_alle.csv.gz"
    path.write_bytes(full[: len(full) // 2])
    seen = []
    with pytest.raises(ReadError) as raised:
        for item in iter_raw_units(path):
            seen.append(item)
    assert 100 < len(seen) < 3000
    assert [position for position, _ in seen] == list(range(1, len(seen) + 1))
    assert raised.value.position == len(seen) + 1


def test_not_utf8_csv_is_a_read_error_after_the_good_rows(tmp_path):
    path = tmp_path / "enheter.csv"
    good = b"".join(b"988879134,SKIEN IL %d\r\n" % n for n in range(1000))
    path.write_bytes(b"organisasjonsnummer,navn\r\n" + good + b"1,\xff\xfe\r\n")
    seen = []
    with pytest.raises(ReadError) as raised:
        for item in iter_raw_units(path):
            seen.append(item)
    assert 0 < len(seen) <= 1000
    assert raised.value.position == len(seen) + 1
    assert "UTF-8" in raised.value.reason


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError) as raised:
        read_all(tmp_path / "nowhere.json.gz")
    assert raised.value.position == 1
    assert "cannot be read" in raised.value.reason


def test_csv_header_names_in_other_spelling(tmp_path):
    path = tmp_path / "enheter.csv"
    path.write_text(
        "Organisasjonsnummer,Navn,Forretningsadresse.Kommunenummer,"
        "registrertifrivillighetsregisteret,antallAnsatte\n"
        "988879134,SKI IL,3807,true,3\n",
        encoding="utf-8",
    )
    assert read_all(path) == [
        (
            1,
            {
                "organisasjonsnummer": "988879134",
                "navn": "SKI IL",
                "forretningsadresse": {"kommunenummer": "3807"},
                "registrertIFrivillighetsregisteret": True,
                "antallAnsatte": "3",
            },
        )
    ]
