from account_manager.rules.debt import OVER_CREDIT_LIMIT, OVERDUE_BEYOND_TOLERANCE, debt_verdict


def test_clean_client_is_not_blocked():
	verdict = debt_verdict(
		outstanding=500, overdue=0, oldest_overdue_days=0, credit_limit=1000, tolerance_days=0
	)
	assert not verdict.blocked and verdict.reasons == []


def test_over_credit_limit_blocks_with_the_excess():
	verdict = debt_verdict(1200, 0, 0, 1000, 0)
	assert verdict.blocked
	assert verdict.reasons == [
		{"code": OVER_CREDIT_LIMIT, "outstanding": 1200, "credit_limit": 1000, "excess": 200}
	]


def test_zero_credit_limit_means_no_limit():
	assert not debt_verdict(10**6, 0, 0, 0, 0).blocked


def test_overdue_within_tolerance_is_allowed_beyond_it_blocked():
	assert not debt_verdict(300, 300, 7, 0, 7).blocked
	verdict = debt_verdict(300, 300, 8, 0, 7)
	assert verdict.blocked
	assert verdict.reasons[0]["code"] == OVERDUE_BEYOND_TOLERANCE
	assert verdict.reasons[0]["overdue"] == 300


def test_both_reasons_are_given():
	verdict = debt_verdict(1500, 700, 40, 1000, 14)
	assert [r["code"] for r in verdict.reasons] == [OVER_CREDIT_LIMIT, OVERDUE_BEYOND_TOLERANCE]
