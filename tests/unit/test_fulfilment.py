from datetime import date

from account_manager.rules.fulfilment import days_late, is_late_open, record

TODAY = date(2026, 3, 20)


def test_days_late_to_delivery_or_to_today():
	assert days_late(date(2026, 3, 10), date(2026, 3, 13), TODAY) == 3
	assert days_late(date(2026, 3, 10), date(2026, 3, 9), TODAY) == 0
	assert days_late(date(2026, 3, 10), None, TODAY) == 10


def test_late_open_order():
	assert is_late_open(date(2026, 3, 19), 50, TODAY)
	assert not is_late_open(date(2026, 3, 19), 100, TODAY)
	assert not is_late_open(TODAY, 0, TODAY)  # due today is not late yet


def test_record_counts_on_time_late_and_averages_the_late():
	result = record(
		[
			(date(2026, 3, 1), date(2026, 3, 1)),  # on time
			(date(2026, 3, 1), date(2026, 3, 5)),  # 4 days late
			(date(2026, 3, 14), None),  # open, 6 days late
			(date(2026, 3, 25), None),  # not due yet
		],
		TODAY,
	)
	assert (result.orders, result.on_time, result.late, result.open_late) == (4, 1, 2, 1)
	assert result.average_days_late == 5.0
	assert result.on_time_percent == 33.3


def test_no_orders_no_figures():
	assert record([], TODAY).average_days_late == 0 and record([], TODAY).on_time_percent == 0
