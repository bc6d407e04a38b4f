from datetime import date

from account_manager.rules.kpi import (
	daily_quotas,
	growth,
	month_end,
	previous_month,
	same_month_last_year,
	share,
	working_days,
)


def test_working_days_leave_out_the_holiday_list():
	weekends = {date(2026, 11, d) for d in (1, 7, 8, 14, 15, 21, 22, 28, 29)}
	holidays = weekends | {date(2026, 11, 11)}  # Independence Day
	days = working_days(date(2026, 11, 17), holidays)
	assert len(days) == 20
	assert date(2026, 11, 11) not in days and date(2026, 11, 30) in days


def test_month_arithmetic():
	assert month_end(date(2028, 2, 10)) == date(2028, 2, 29)
	assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
	assert same_month_last_year(date(2026, 3, 31)) == date(2025, 3, 1)


def test_quotas_are_met_at_the_target_and_zero_on_a_day_off():
	quotas = daily_quotas(
		{"calls": 30, "email_offers": 12}, {"calls": 30, "email_offers": 50, "phone_offers": 20}, True
	)
	assert quotas["calls"].met and not quotas["email_offers"].met
	assert quotas["phone_offers"].as_dict() == {"actual": 0, "target": 20, "met": False}
	assert all(q.met for q in daily_quotas({}, {"calls": 30}, False).values())


def test_share_and_growth():
	assert share(3, 4) == 75.0
	assert share(5, 0) is None
	assert growth(120, 100) == 20.0
	assert growth(80, 100) == -20.0
	assert growth(50, 0) is None


def test_weekends_are_the_default_days_off():
	from account_manager.rules.kpi import weekend_days

	assert len(weekend_days(date(2026, 11, 1))) == 9
	assert len(working_days(date(2026, 11, 1), weekend_days(date(2026, 11, 1)))) == 21


def test_the_monthly_reports_status_is_coloured_by_the_due_date():
	from account_manager.rules.kpi import report_status_colour

	due = date(2026, 12, 3)
	assert report_status_colour(3, 3, date(2026, 12, 6), due) == "green"
	assert report_status_colour(0, 3, date(2026, 12, 1), due) == "orange"
	assert report_status_colour(2, 3, date(2026, 12, 3), due) == "orange"  # due today: not late yet
	# "0 of 3 submitted" on the 6th, past the 3rd: red, not green (issue 27)
	assert report_status_colour(0, 3, date(2026, 12, 6), due) == "red"
	assert report_status_colour(0, 0, date(2026, 12, 6), due) == "gray"
