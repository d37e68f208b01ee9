"""Norwegian organisation numbers (organisasjonsnummer): nine digits, the last a modulus-11 check digit."""

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise(number: str) -> str:
    """Remove the spaces (and non-breaking spaces) people type between digit groups."""
    return "".join(number.split())


def check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when no digit can make them valid."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def is_valid(number: str) -> bool:
    """Whether `number` is a valid organisation number; spaces between digits are allowed."""
    digits = normalise(number)
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    return check_digit(digits[:8]) == int(digits[8])
