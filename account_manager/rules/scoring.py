"""Client scores: card timeliness (CB2) and business reliability (CB10). Pure functions."""

from dataclasses import dataclass, field
from datetime import date

# Weights of the reliability parts; they add up to 100.
ON_TIME_WEIGHT = 40
LATENESS_WEIGHT = 25
OVERDUE_WEIGHT = 20
CREDIT_WEIGHT = 15
LATENESS_ZERO_AT_DAYS = 60  # an average this late (or later) scores nothing for lateness
CREDIT_SAFE_SHARE = 0.5  # credit use up to this share of the limit costs nothing; 100 % costs it all

# Warning signs for a client with no payment history, with the points each one takes off 100.
WARNING_SIGNS = {
	"ws_no_tax_id": 20,
	"ws_young_company": 15,
	"ws_asks_long_credit": 20,
	"ws_avoids_signing": 20,
	"ws_bad_references": 15,
	"ws_unverifiable_address": 10,
}

# A card is timely when these parts are filled in and it was reviewed recently.
FIELDS_WEIGHT = 70
REVIEW_WEIGHT = 30


@dataclass
class Invoice:
	"""One invoice of the client as the ledger tells it."""

	due_date: date
	amount: float
	outstanding: float
	settled_on: date | None = None  # date of the last payment or credit against it, once settled


@dataclass
class Score:
	score: int
	parts: dict = field(default_factory=dict)
	basis: str = "history"  # "history", "warning signs" or "no data"


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
	return max(low, min(high, value))


def card_timeliness(
	filled: dict[str, bool], last_reviewed_on: date | None, today: date, review_days: int
) -> Score:
	"""0-100: the share of required parts filled in (70) and whether the card was reviewed in time (30).

	A review within `review_days` scores full; the review part falls linearly to nothing at twice that
	age; a card never reviewed scores nothing for it."""
	fields_share = sum(1 for ok in filled.values() if ok) / len(filled) if filled else 1.0
	if last_reviewed_on is None:
		review_share = 0.0
	else:
		age = (today - last_reviewed_on).days
		review_days = max(review_days, 1)
		review_share = 1.0 if age <= review_days else clamp(1 - (age - review_days) / review_days)
	parts = {
		"fields": round(FIELDS_WEIGHT * fields_share, 1),
		"review": round(REVIEW_WEIGHT * review_share, 1),
		"missing": sorted(name for name, ok in filled.items() if not ok),
	}
	return Score(round(parts["fields"] + parts["review"]), parts, "card")


def reliability_from_history(
	invoices: list[Invoice], today: date, credit_limit: float = 0.0, outstanding: float | None = None
) -> Score:
	"""0-100 from real payment behaviour: share of invoices paid by their due date (40), average days
	late (25), the overdue share of what is owed (20) and the use of the credit limit (15)."""
	invoices = [inv for inv in invoices if inv.amount > 0]
	if not invoices:
		return Score(0, {}, "no data")

	def is_settled(inv: Invoice) -> bool:
		return inv.outstanding <= 0.005 and inv.settled_on is not None

	def days_late(inv: Invoice) -> int:
		end = inv.settled_on if is_settled(inv) else today
		return max(0, (end - inv.due_date).days)

	settled = [inv for inv in invoices if is_settled(inv)]
	# judged on lateness: what was settled, and what is still open past its due date
	judged = [inv for inv in invoices if is_settled(inv) or inv.due_date < today]
	owed = sum(inv.outstanding for inv in invoices) if outstanding is None else outstanding
	return reliability_from_totals(
		HistoryTotals(
			invoices=len(invoices),
			settled=len(settled),
			on_time=sum(1 for inv in settled if inv.settled_on <= inv.due_date),
			judged=len(judged),
			days_late=sum(days_late(inv) for inv in judged),
			overdue=sum(inv.outstanding for inv in invoices if inv.due_date < today and inv.outstanding > 0),
		),
		owed,
		credit_limit,
	)


@dataclass
class HistoryTotals:
	"""A client's invoice history summed up (what reliability_from_history counts, per client): the
	number of invoices, of those settled, settled by their due date, judged on lateness (settled, or
	open past due), the days late of the judged ones in total, and the overdue amount."""

	invoices: int
	settled: int
	on_time: int
	judged: int
	days_late: float
	overdue: float


def reliability_from_totals(totals: HistoryTotals, owed: float, credit_limit: float = 0.0) -> Score:
	"""The reliability score from a client's history totals (see reliability_from_history)."""
	if not totals.invoices:
		return Score(0, {}, "no data")
	on_time_share, avg_late, overdue_ratio, credit_use = _reliability_shares(totals, owed, credit_limit)
	parts = {
		"paid_on_time_share": round(on_time_share, 3),
		"average_days_late": round(avg_late, 1),
		"overdue_ratio": round(overdue_ratio, 3),
		"credit_use": round(credit_use, 3),
	}
	points = dict(
		zip(
			("paid_on_time", "lateness", "overdue", "credit"),
			_reliability_points(on_time_share, avg_late, overdue_ratio, credit_use),
			strict=True,
		)
	)
	parts["points"] = {key: round(value, 1) for key, value in points.items()}
	return Score(round(sum(points.values())), parts, "history")


def reliability_score(totals: HistoryTotals, owed: float, credit_limit: float = 0.0) -> int:
	"""reliability_from_totals(...).score without the breakdown, for a report scoring every client."""
	if not totals.invoices:
		return 0
	return round(sum(_reliability_points(*_reliability_shares(totals, owed, credit_limit))))


def _reliability_shares(totals: HistoryTotals, owed: float, credit_limit: float):
	avg_late = totals.days_late / totals.judged if totals.judged else 0.0
	overdue_ratio = clamp(totals.overdue / owed) if owed > 0 else 0.0
	credit_use = owed / credit_limit if credit_limit > 0 else 0.0
	if totals.settled:
		on_time_share = totals.on_time / totals.settled
	else:
		on_time_share = 0.0 if totals.judged else 1.0
	return on_time_share, avg_late, overdue_ratio, credit_use


def _reliability_points(on_time_share: float, avg_late: float, overdue_ratio: float, credit_use: float):
	return (
		ON_TIME_WEIGHT * on_time_share,
		LATENESS_WEIGHT * clamp(1 - avg_late / LATENESS_ZERO_AT_DAYS),
		OVERDUE_WEIGHT * (1 - overdue_ratio),
		CREDIT_WEIGHT * clamp(1 - max(0.0, credit_use - CREDIT_SAFE_SHARE) / (1 - CREDIT_SAFE_SHARE)),
	)


def reliability_from_warning_signs(signs: dict[str, int | bool]) -> Score:
	"""100 less the points of each warning sign present, for a client with no history."""
	unknown = set(signs) - set(WARNING_SIGNS)
	if unknown:
		raise ValueError(f"unknown warning signs: {sorted(unknown)}")
	present = sorted(sign for sign, value in signs.items() if value)
	score = max(0, 100 - sum(WARNING_SIGNS[sign] for sign in present))
	return Score(score, {"signs": present}, "warning signs")
