from datetime import date, timedelta

import pytest

from account_manager.rules.scoring import (
	Invoice,
	card_timeliness,
	reliability_from_history,
	reliability_from_warning_signs,
)

TODAY = date(2026, 11, 27)


def days(n: int) -> date:
	return TODAY + timedelta(days=n)


class TestCardTimeliness:
	def test_complete_card_reviewed_in_time_scores_100(self):
		score = card_timeliness({"segment": True, "needs": True}, days(-10), TODAY, 30)
		assert score.score == 100
		assert score.parts["missing"] == []

	def test_missing_fields_cost_their_share_of_70(self):
		score = card_timeliness(
			{"segment": True, "needs": False, "focus": False, "contacts": True}, TODAY, TODAY, 30
		)
		assert score.score == 65  # 70 * 2/4 + 30
		assert score.parts["missing"] == ["focus", "needs"]

	def test_review_part_fades_after_the_interval_and_is_gone_at_twice_it(self):
		fields = {"segment": True}
		assert card_timeliness(fields, days(-30), TODAY, 30).score == 100
		assert card_timeliness(fields, days(-45), TODAY, 30).score == 85
		assert card_timeliness(fields, days(-60), TODAY, 30).score == 70
		assert card_timeliness(fields, days(-400), TODAY, 30).score == 70

	def test_never_reviewed_card_gets_no_review_points(self):
		assert card_timeliness({"segment": True}, None, TODAY, 30).score == 70


class TestReliabilityFromHistory:
	def test_always_paid_on_time_and_nothing_owed_is_100(self):
		invoices = [Invoice(days(-40), 1000, 0, days(-45)), Invoice(days(-10), 500, 0, days(-10))]
		score = reliability_from_history(invoices, TODAY, credit_limit=5000)
		assert score.score == 100
		assert score.parts["paid_on_time_share"] == 1.0

	def test_late_payer_with_overdue_debt_scores_low_and_shows_why(self):
		invoices = [
			Invoice(days(-90), 1000, 0, days(-60)),  # paid 30 days late
			Invoice(days(-50), 1000, 1000),  # 50 days overdue, unpaid
		]
		score = reliability_from_history(invoices, TODAY, credit_limit=1000)
		assert score.parts["paid_on_time_share"] == 0.0
		assert score.parts["average_days_late"] == 40.0
		assert score.parts["overdue_ratio"] == 1.0
		assert score.parts["credit_use"] == 1.0
		# 0 on time + 25 * (1 - 40/60) + 0 overdue + 0 credit
		assert score.score == 8

	def test_partly_paid_invoice_not_yet_due_is_not_late(self):
		invoices = [Invoice(days(10), 1000, 400)]
		score = reliability_from_history(invoices, TODAY, credit_limit=0)
		assert score.parts["average_days_late"] == 0
		assert score.parts["overdue_ratio"] == 0
		assert score.score == 100  # nothing judged yet: no sign of trouble

	def test_credit_use_costs_only_above_half_the_limit(self):
		invoices = [Invoice(days(10), 750, 750)]
		assert reliability_from_history(invoices, TODAY, credit_limit=1500).parts["points"]["credit"] == 15
		assert reliability_from_history(invoices, TODAY, credit_limit=1000).parts["points"]["credit"] == 7.5

	def test_no_invoices_means_no_history(self):
		assert reliability_from_history([], TODAY).basis == "no data"


class TestWarningSigns:
	def test_each_sign_takes_its_points(self):
		assert reliability_from_warning_signs({}).score == 100
		score = reliability_from_warning_signs(
			{"ws_no_tax_id": 1, "ws_young_company": True, "ws_avoids_signing": 0}
		)
		assert score.score == 65
		assert score.parts["signs"] == ["ws_no_tax_id", "ws_young_company"]

	def test_all_signs_give_zero(self):
		from account_manager.rules.scoring import WARNING_SIGNS

		assert reliability_from_warning_signs(dict.fromkeys(WARNING_SIGNS, 1)).score == 0

	def test_unknown_sign_is_refused(self):
		with pytest.raises(ValueError, match="unknown"):
			reliability_from_warning_signs({"ws_likes_cats": 1})


def test_totals_give_the_same_score_as_the_invoice_list():
	from account_manager.rules.scoring import HistoryTotals, reliability_from_totals

	invoices = [
		Invoice(due_date=date(2026, 1, 10), amount=1000, outstanding=0, settled_on=date(2026, 1, 8)),
		Invoice(due_date=date(2026, 2, 10), amount=2000, outstanding=0, settled_on=date(2026, 3, 1)),
		Invoice(due_date=date(2026, 3, 1), amount=1500, outstanding=900, settled_on=date(2026, 3, 20)),
		Invoice(due_date=date(2026, 6, 1), amount=800, outstanding=800),
	]
	today = date(2026, 4, 1)
	totals = HistoryTotals(invoices=4, settled=2, on_time=1, judged=3, days_late=0 + 19 + 31, overdue=900)
	by_list = reliability_from_history(invoices, today, credit_limit=3000, outstanding=1700)
	by_totals = reliability_from_totals(totals, 1700, 3000)
	assert (by_totals.score, by_totals.parts) == (by_list.score, by_list.parts)
	assert reliability_from_totals(HistoryTotals(0, 0, 0, 0, 0, 0), 0).basis == "no data"


def test_the_reports_score_alone_is_the_full_scores_number():
	from account_manager.rules.scoring import HistoryTotals, reliability_from_totals, reliability_score

	cases = [
		(HistoryTotals(4, 2, 1, 3, 50, 900), 1700, 3000),
		(HistoryTotals(6, 6, 6, 6, 0, 0), 0, 0),  # always on time, owes nothing
		(HistoryTotals(3, 0, 0, 3, 400, 5000), 5000, 4000),  # never paid, over the limit
		(HistoryTotals(2, 0, 0, 0, 0, 0), 1200, 0),  # nothing due yet
		(HistoryTotals(0, 0, 0, 0, 0, 0), 0, 0),  # no invoices
	]
	scores = [reliability_score(totals, owed, limit) for totals, owed, limit in cases]
	assert scores == [reliability_from_totals(totals, owed, limit).score for totals, owed, limit in cases]
	assert scores[1] == 100 and scores[-1] == 0 and scores[2] < scores[0] < scores[1]
