from datetime import date

from account_manager.rules.calendar import next_occurrence


def test_birthday_within_the_week_is_found_in_this_year():
	assert next_occurrence(date(1980, 12, 1), date(2026, 11, 27), 7) == date(2026, 12, 1)


def test_today_counts_and_the_window_edge_counts():
	assert next_occurrence(date(1990, 11, 27), date(2026, 11, 27), 7) == date(2026, 11, 27)
	assert next_occurrence(date(1990, 12, 4), date(2026, 11, 27), 7) == date(2026, 12, 4)
	assert next_occurrence(date(1990, 12, 5), date(2026, 11, 27), 7) is None


def test_yesterday_is_a_year_away():
	assert next_occurrence(date(1990, 11, 26), date(2026, 11, 27), 7) is None


def test_window_crosses_new_year():
	assert next_occurrence(date(1975, 1, 2), date(2026, 12, 29), 7) == date(2027, 1, 2)


def test_leap_day_is_remembered_on_28_february():
	assert next_occurrence(date(2000, 2, 29), date(2027, 2, 25), 7) == date(2027, 2, 28)
	assert next_occurrence(date(2000, 2, 29), date(2028, 2, 25), 7) == date(2028, 2, 29)
