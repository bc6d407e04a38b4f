"""CT4 and CT5: a contract's turnover rebate and whether the contract is kept. Pure functions: numbers and
dates in, numbers, dates and codes out.

A rebate scheme is a list of tiers (threshold, percent): the turnover of a rebate period at or above a
threshold earns that tier's percent on the whole turnover of the period (retrospective, as wholesalers
grant it: 2 % above 500,000, 3 % above 1,000,000). A period is the contract's term, or each year or quarter
of it counted from its start."""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

PERIODS = ("Contract Term", "Year", "Quarter")
MONTHS = {"Year": 12, "Quarter": 3}


def tier_errors(tiers: list[tuple[float, float]]) -> list[str]:
	"""What is wrong with a scheme's tiers, in order: `threshold` (a threshold not above 0), `percent` (a
	percent not in (0, 100]), `thresholds_increasing` (each threshold above the one before), and
	`percents_increasing` (a higher threshold earns more). Empty when the scheme is sound."""
	errors = []
	if any(threshold <= 0 for threshold, _percent in tiers):
		errors.append("threshold")
	if any(not 0 < percent <= 100 for _threshold, percent in tiers):
		errors.append("percent")
	thresholds = [threshold for threshold, _percent in tiers]
	if any(b <= a for a, b in itertools.pairwise(thresholds)):
		errors.append("thresholds_increasing")
	ordered = sorted(tiers)
	if any(b[1] <= a[1] for a, b in itertools.pairwise(ordered)):
		errors.append("percents_increasing")
	return errors


@dataclass
class Position:
	"""Where a turnover stands in a scheme: the tier reached (0/0 when none), the rebate it earns, the next
	threshold (None at the top), the distance to it and the share of it reached (percent)."""

	turnover: float
	threshold: float = 0.0
	percent: float = 0.0
	rebate: float = 0.0
	next_threshold: float | None = None
	next_percent: float | None = None
	to_next: float = 0.0
	progress: float = 100.0


def position(turnover: float, tiers: list[tuple[float, float]]) -> Position:
	result = Position(turnover=round(turnover, 2))
	for threshold, percent in sorted(tiers):
		if turnover >= threshold:
			result.threshold, result.percent = threshold, percent
		elif result.next_threshold is None:
			result.next_threshold, result.next_percent = threshold, percent
	result.rebate = round(turnover * result.percent / 100, 2) if result.percent else 0.0
	if result.next_threshold is not None:
		result.to_next = round(result.next_threshold - turnover, 2)
		result.progress = round(100 * max(turnover, 0) / result.next_threshold, 1)
	return result


def add_months(day: date, months: int) -> date:
	month = day.month - 1 + months
	year, month = day.year + month // 12, month % 12 + 1
	for last in (31, 30, 29, 28):
		try:
			return day.replace(year=year, month=month, day=min(day.day, last))
		except ValueError:
			continue
	raise ValueError(day)


def periods(start: date, end: date | None, kind: str) -> list[tuple[date, date]]:
	"""The rebate periods of a contract from `start` to `end` (a contract without an end: a year), each
	(first day, last day). A year or quarter is counted from the contract's start; the last one ends with
	the contract."""
	end = end or add_months(start, 12) - timedelta(days=1)
	if kind not in MONTHS:
		return [(start, end)]
	result, first = [], start
	while first <= end:
		last = min(add_months(first, MONTHS[kind]) - timedelta(days=1), end)
		result.append((first, last))
		first = last + timedelta(days=1)
	return result


def current_period(start: date, end: date | None, kind: str, today: date) -> tuple[date, date] | None:
	"""The period `today` falls in (the last one once the contract ended, None before it starts)."""
	spans = periods(start, end, kind)
	if today < spans[0][0]:
		return None
	return next((span for span in spans if span[0] <= today <= span[1]), spans[-1])


def ended_periods(start: date, end: date | None, kind: str, today: date) -> list[tuple[date, date]]:
	"""The periods over by `today`: their rebate is due."""
	return [span for span in periods(start, end, kind) if span[1] < today]


# -- CT5: is the contract kept? ---------------------------------------------------------------------------


def paid_on_time_percent(
	invoices: list[tuple[date, float, date | None]], since: date, today: date
) -> float | None:
	"""Of the client's invoices due since `since` (each: due date, still open, settled on), the share paid by
	its due date, among those judged (settled, or open past due). None when none is judged yet."""
	judged = on_time = 0
	for due, outstanding, settled_on in invoices:
		if due < since:
			continue
		settled = outstanding <= 0.005 and settled_on is not None
		if settled or due < today:
			judged += 1
			on_time += 1 if settled and settled_on <= due else 0
	return round(100 * on_time / judged, 1) if judged else None


RISKS = ("fulfilment_overdue", "fulfilment_due", "late_orders", "late_payments", "volume_behind")


def risks(
	*,
	today: date,
	start: date,
	end: date | None,
	fulfilment_deadline: date | None,
	fulfilled: bool,
	deadline_days: int,
	orders_on_time_percent: float | None,
	payments_on_time_percent: float | None,
	committed: float,
	turnover: float,
	on_time_floor: float,
) -> list[str]:
	"""Why a running contract is at risk, as codes (RISKS):
	- `fulfilment_overdue`: its fulfilment checklist is not done and its deadline passed;
	- `fulfilment_due`: not done and the deadline is within `deadline_days`;
	- `late_orders` / `late_payments`: orders delivered, or invoices paid, on time below `on_time_floor` %
	  (None: nothing judged yet);
	- `volume_behind`: the turnover so far is below the committed volume's share for the time elapsed, by
	  more than a fifth (a contract committed to 1,000,000 a year, at mid-year with less than 400,000)."""
	found = []
	if fulfilment_deadline and not fulfilled:
		if fulfilment_deadline < today:
			found.append("fulfilment_overdue")
		elif (fulfilment_deadline - today).days <= deadline_days:
			found.append("fulfilment_due")
	if orders_on_time_percent is not None and orders_on_time_percent < on_time_floor:
		found.append("late_orders")
	if payments_on_time_percent is not None and payments_on_time_percent < on_time_floor:
		found.append("late_payments")
	expected = expected_by_now(committed, start, end, today)
	if expected and turnover < 0.8 * expected:
		found.append("volume_behind")
	return found


def expected_by_now(committed: float, start: date, end: date | None, today: date) -> float:
	"""The committed turnover's share for the days of the contract gone by (0 before it starts)."""
	if committed <= 0:
		return 0.0
	end = end or add_months(start, 12) - timedelta(days=1)
	length = (end - start).days + 1
	elapsed = min(max((today - start).days + 1, 0), length)
	return round(committed * elapsed / length, 2) if length > 0 else committed
