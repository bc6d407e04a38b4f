"""The debt rule (DR1): when a client's receivables call for the Sales Head. Pure function."""

from dataclasses import dataclass, field

OVER_CREDIT_LIMIT = "over_credit_limit"
OVERDUE_BEYOND_TOLERANCE = "overdue_beyond_tolerance"


@dataclass
class DebtVerdict:
	blocked: bool
	reasons: list[dict] = field(default_factory=list)


def debt_verdict(
	outstanding: float,
	overdue: float,
	oldest_overdue_days: int,
	credit_limit: float,
	tolerance_days: int,
) -> DebtVerdict:
	"""Blocked when the debt passes the credit limit (a limit of 0 means none), or when some debt is
	overdue by more than `tolerance_days`. Each reason carries its amounts."""
	reasons = []
	if credit_limit > 0 and outstanding > credit_limit:
		reasons.append(
			{
				"code": OVER_CREDIT_LIMIT,
				"outstanding": outstanding,
				"credit_limit": credit_limit,
				"excess": round(outstanding - credit_limit, 2),
			}
		)
	if overdue > 0 and oldest_overdue_days > tolerance_days:
		reasons.append(
			{
				"code": OVERDUE_BEYOND_TOLERANCE,
				"overdue": overdue,
				"oldest_overdue_days": oldest_overdue_days,
				"tolerance_days": tolerance_days,
			}
		)
	return DebtVerdict(bool(reasons), reasons)
