"""Phone numbers as people type them ("+48 601 234 567", "601-234-567", "0048601234567") compared as
one number. Pure functions."""

import re

DEFAULT_COUNTRY_CODE = "48"  # Poland: national numbers have 9 digits
NATIONAL_LENGTH = 9


def normalise(number: str | None, country_code: str = DEFAULT_COUNTRY_CODE) -> str:
	"""The number as digits with its country code, without "+", "00", spaces, dashes or brackets; a
	national number (9 digits, or 10 with a leading trunk 0) gets the default country code. "" when
	there are no digits."""
	digits = re.sub(r"\D", "", number or "")
	if digits.startswith("00"):
		digits = digits[2:]
	elif len(digits) == NATIONAL_LENGTH + 1 and digits.startswith("0"):
		digits = digits[1:]
	if len(digits) == NATIONAL_LENGTH:
		digits = country_code + digits
	return digits


def national_tail(number: str | None) -> str:
	"""The last nine digits: what two spellings of one number always share (a query's first cut)."""
	return normalise(number)[-NATIONAL_LENGTH:]


def same_number(a: str | None, b: str | None) -> bool:
	na, nb = normalise(a), normalise(b)
	return bool(na) and na == nb
