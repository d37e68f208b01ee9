"""The organisation-number validator: modulus 11 with weights 3 2 7 6 5 4 3 2."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from samskap.directory import orgnr


@pytest.mark.parametrize(
    "number",
    [
        "974760673",  # Brønnøysundregistrene
        "991825827",  # Digitaliseringsdirektoratet
        "821227062",
        "974 760 673",  # grouped as people type it
        " 974760673 ",
        "974\u00a0760\u00a0673",  # non-breaking spaces from copied text
        "900000030",  # weighted sum divisible by 11: check digit 0
    ],
)
def test_valid_numbers(number):
    assert orgnr.is_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "974760672",  # wrong check digit
        "974760674",
        "991825820",
        "97476067",  # eight digits
        "9747606730",  # ten digits
        "",
        "   ",
        "97476067A",
        "NO974760673",
        "974-760-673",
        "974.760.673",
        "９７４７６０６７３",  # full-width digits are digits to Python, not to the register
        "-97476067",
    ],
)
def test_invalid_numbers(number):
    assert not orgnr.is_valid(number)


def test_remainder_one_has_no_check_digit():
    # 4 × 3 = 12 ≡ 1 (mod 11): no check digit makes these eight digits valid.
    first_eight = "40000000"
    assert sum(int(d) * w for d, w in zip(first_eight, orgnr.WEIGHTS, strict=True)) % 11 == 1
    assert orgnr.check_digit(first_eight) is None
    for last in "0123456789":
        assert not orgnr.is_valid(first_eight + last)


def test_check_digit_of_known_numbers():
    assert orgnr.check_digit("97476067") == 3
    assert orgnr.check_digit("99182582") == 7
    assert orgnr.check_digit("82122706") == 2


eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(eight_digits)
def test_appending_the_check_digit_validates(first_eight):
    digit = orgnr.check_digit(first_eight)
    assume(digit is not None)
    assert orgnr.is_valid(first_eight + str(digit))


@given(eight_digits, st.sampled_from("0123456789"))
def test_any_other_last_digit_is_invalid(first_eight, last):
    digit = orgnr.check_digit(first_eight)
    assume(digit is not None and str(digit) != last)
    assert not orgnr.is_valid(first_eight + last)


@given(eight_digits, st.integers(min_value=0, max_value=8))
def test_spaces_anywhere_are_allowed(first_eight, position):
    digit = orgnr.check_digit(first_eight)
    assume(digit is not None)
    number = first_eight + str(digit)
    assert orgnr.is_valid(number[:position] + " " + number[position:])


@given(
    st.text(min_size=1, max_size=12).filter(
        lambda s: any(not c.isspace() and c not in "0123456789" for c in s)
    )
)
def test_a_string_with_a_non_digit_is_invalid(text):
    assert not orgnr.is_valid(text)


@given(eight_digits, st.integers(min_value=0, max_value=8), st.characters())
def test_a_valid_number_with_any_non_digit_inserted_is_invalid(first_eight, position, char):
    assume(not char.isspace() and char not in "0123456789")
    digit = orgnr.check_digit(first_eight)
    assume(digit is not None)
    number = first_eight + str(digit)
    assert not orgnr.is_valid(number[:position] + char + number[position:])
