"""KPI plan arithmetic (OF2, OF4, KP1-KP5): working days, quotas, evaluation. Pure functions."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# Defaults from the job description (OF2, OF4)
DEFAULT_CALLS_PER_DAY = 30
DEFAULT_EMAIL_OFFERS_PER_DAY = 50
DEFAULT_PHONE_OFFERS_PER_DAY = 20
DEFAULT_NEW_CLIENT_CONTRACTS = 4


def month_start(day: date) -> date:
	return day.replace(day=1)


def month_end(day: date) -> date:
	return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(day: date) -> date:
	"""The first day of the month before."""
	return month_start(month_start(day) - timedelta(days=1))


def same_month_last_year(day: date) -> date:
	return date(day.year - 1, day.month, 1)


def weekend_days(month: date) -> set[date]:
	"""Saturdays and Sundays of the month: the days off when no Holiday List is set."""
	first, last = month_start(month), month_end(month)
	days = (first + timedelta(days=n) for n in range((last - first).days + 1))
	return {day for day in days if day.weekday() >= 5}


def working_days(month: date, holidays: set[date]) -> list[date]:
	"""Days of the month that are not in the holiday list (the Holiday List holds weekly offs too)."""
	first, last = month_start(month), month_end(month)
	return [
		first + timedelta(days=n)
		for n in range((last - first).days + 1)
		if first + timedelta(days=n) not in holidays
	]


@dataclass
class Quota:
	actual: int
	target: int

	@property
	def met(self) -> bool:
		return self.actual >= self.target

	def as_dict(self) -> dict:
		return {"actual": self.actual, "target": self.target, "met": self.met}


def daily_quotas(counts: dict[str, int], targets: dict[str, int], is_working_day: bool) -> dict[str, Quota]:
	"""Today's counts against the daily targets; on a day off every target is 0."""
	return {
		key: Quota(counts.get(key, 0), target if is_working_day else 0) for key, target in targets.items()
	}


def share(actual: float, target: float) -> float | None:
	"""Fulfilment in percent; None when there is no target."""
	return round(100.0 * actual / target, 1) if target else None


def growth(current: float, before: float) -> float | None:
	"""Growth in percent against an earlier figure; None when there is nothing to compare with."""
	return round(100.0 * (current - before) / abs(before), 1) if before else None


def report_status_colour(submitted: int, total: int, today: date, due: date | None) -> str:
	"""The colour of the monthly reports' status (KP3, due by the 3rd): green when every report is in,
	orange while some are out and the due date is not past, red once it is; grey with none drafted."""
	if not total:
		return "gray"
	if submitted >= total:
		return "green"
	return "red" if due and today > due else "orange"
