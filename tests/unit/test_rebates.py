"""CT4/CT5 pure rules: a turnover rebate's tiers, position and periods; a contract's risks."""

from datetime import date

from account_manager.rules.rebates import (
	current_period,
	ended_periods,
	expected_by_now,
	paid_on_time_percent,
	periods,
	position,
	risks,
	tier_errors,
)

SCHEME = [(500_000, 2), (1_000_000, 3)]


def test_a_sound_scheme_has_no_errors_and_bad_ones_are_named():
	assert tier_errors(SCHEME) == []
	assert tier_errors([]) == []
	assert tier_errors([(1_000_000, 3), (500_000, 2)]) == ["thresholds_increasing"]
	assert tier_errors([(500_000, 2), (500_000, 3)]) == ["thresholds_increasing"]
	assert tier_errors([(500_000, 3), (1_000_000, 2)]) == ["percents_increasing"]
	assert tier_errors([(0, 2)]) == ["threshold"]
	assert tier_errors([(100, 0)]) == ["percent"]
	assert tier_errors([(100, 101)]) == ["percent"]


def test_the_highest_threshold_reached_earns_its_percent_on_the_whole_turnover():
	below = position(400_000, SCHEME)
	assert (below.threshold, below.percent, below.rebate) == (0, 0, 0)
	assert (below.next_threshold, below.next_percent, below.to_next, below.progress) == (
		500_000,
		2,
		100_000,
		80.0,
	)
	first = position(800_000, SCHEME)
	assert (first.threshold, first.percent, first.rebate) == (500_000, 2, 16_000)
	assert (first.next_threshold, first.to_next, first.progress) == (1_000_000, 200_000, 80.0)
	top = position(1_200_000, SCHEME)
	assert (top.percent, top.rebate, top.next_threshold, top.to_next, top.progress) == (
		3,
		36_000,
		None,
		0,
		100.0,
	)
	exactly = position(500_000, SCHEME)
	assert (exactly.percent, exactly.rebate) == (2, 10_000)


def test_periods_are_counted_from_the_contracts_start_and_end_with_it():
	start, end = date(2026, 1, 15), date(2027, 1, 14)
	assert periods(start, end, "Contract Term") == [(start, end)]
	assert periods(start, end, "Year") == [(start, end)]
	quarters = periods(start, end, "Quarter")
	assert quarters[0] == (date(2026, 1, 15), date(2026, 4, 14))
	assert quarters[-1] == (date(2026, 10, 15), date(2027, 1, 14))
	assert len(quarters) == 4
	# no end: a year; a month-end start stays at month ends
	assert periods(date(2026, 1, 31), None, "Contract Term") == [(date(2026, 1, 31), date(2027, 1, 30))]
	assert periods(date(2026, 1, 31), date(2026, 7, 30), "Quarter")[0] == (
		date(2026, 1, 31),
		date(2026, 4, 29),
	)


def test_the_running_and_the_ended_periods():
	start, end = date(2026, 1, 1), date(2026, 12, 31)
	assert current_period(start, end, "Quarter", date(2026, 5, 10)) == (date(2026, 4, 1), date(2026, 6, 30))
	assert current_period(start, end, "Quarter", date(2025, 12, 31)) is None
	assert current_period(start, end, "Quarter", date(2027, 3, 1)) == (date(2026, 10, 1), date(2026, 12, 31))
	assert ended_periods(start, end, "Quarter", date(2026, 7, 1)) == [
		(date(2026, 1, 1), date(2026, 3, 31)),
		(date(2026, 4, 1), date(2026, 6, 30)),
	]
	assert ended_periods(start, end, "Contract Term", date(2026, 12, 31)) == []
	assert ended_periods(start, end, "Contract Term", date(2027, 1, 1)) == [(start, end)]


def kept(**changes):
	args = dict(
		today=date(2026, 7, 1),
		start=date(2026, 1, 1),
		end=date(2026, 12, 31),
		fulfilment_deadline=None,
		fulfilled=False,
		deadline_days=14,
		orders_on_time_percent=None,
		payments_on_time_percent=None,
		committed=0,
		turnover=0,
		on_time_floor=80,
	)
	return risks(**{**args, **changes})


def test_a_contract_kept_has_no_risks():
	assert kept() == []
	assert (
		kept(orders_on_time_percent=80, payments_on_time_percent=95, committed=1_000_000, turnover=400_000)
		== []
	)
	assert kept(fulfilment_deadline=date(2026, 6, 1), fulfilled=True) == []
	assert kept(fulfilment_deadline=date(2026, 7, 16)) == []


def test_each_risk_is_found():
	assert kept(fulfilment_deadline=date(2026, 6, 30)) == ["fulfilment_overdue"]
	assert kept(fulfilment_deadline=date(2026, 7, 15)) == ["fulfilment_due"]
	assert kept(orders_on_time_percent=79.9) == ["late_orders"]
	assert kept(payments_on_time_percent=50) == ["late_payments"]
	# half the year gone (182 of 365 days): 1,000,000 committed expects ~498,630; under 80 % of it is behind
	assert kept(committed=1_000_000, turnover=390_000) == ["volume_behind"]
	assert kept(committed=1_000_000, turnover=400_000) == []
	assert kept(today=date(2025, 12, 1), committed=1_000_000) == []  # not started


def test_invoices_paid_on_time_count_only_those_due_in_the_contract_and_judged():
	since, today = date(2026, 3, 1), date(2026, 6, 1)
	invoices = [
		(date(2026, 2, 1), 1000, None),  # due before the contract: not its business
		(date(2026, 3, 15), 0, date(2026, 3, 10)),  # paid early: on time
		(date(2026, 4, 15), 0, date(2026, 4, 20)),  # paid late
		(date(2026, 5, 1), 500, None),  # open past due: late
		(date(2026, 7, 1), 500, None),  # open, not due: not judged
	]
	assert paid_on_time_percent(invoices, since, today) == 33.3
	assert paid_on_time_percent(invoices[:1] + invoices[-1:], since, today) is None


def test_the_committed_turnover_by_now():
	start, end = date(2026, 1, 1), date(2026, 12, 31)
	assert expected_by_now(365_000, start, end, date(2026, 1, 10)) == 10_000
	assert expected_by_now(365_000, start, end, date(2027, 3, 1)) == 365_000
	assert expected_by_now(365_000, start, end, date(2025, 12, 1)) == 0
	assert expected_by_now(0, start, end, date(2026, 6, 1)) == 0
