"""Dates that come back every year: birthdays and professional holidays. Pure functions."""

from datetime import date, timedelta


def occurrence_in(anniversary: date, year: int) -> date:
	"""The anniversary in the given year; 29 February falls on 28 February in common years."""
	try:
		return anniversary.replace(year=year)
	except ValueError:
		return date(year, 2, 28)


def next_occurrence(anniversary: date, today: date, within_days: int) -> date | None:
	"""The next date (today included) on which the anniversary falls, if it is within `within_days`."""
	for year in (today.year, today.year + 1):
		when = occurrence_in(anniversary, year)
		if today <= when <= today + timedelta(days=within_days):
			return when
	return None
