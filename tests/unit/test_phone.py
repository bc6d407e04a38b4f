from account_manager.rules.phone import national_tail, normalise, same_number


def test_spellings_of_one_polish_number_are_one_number():
	spellings = ["+48 601 234 567", "601-234-567", "0048 601 234 567", "(+48) 601234567", "601 23 45 67"]
	assert {normalise(s) for s in spellings} == {"48601234567"}
	assert all(same_number(spellings[0], s) for s in spellings)


def test_a_trunk_zero_is_dropped_and_foreign_numbers_keep_their_code():
	assert normalise("0601234567") == "48601234567"
	assert normalise("+49 30 1234567") == "49301234567"
	assert not same_number("+49 30 1234567", "+48 30 1234567")


def test_empty_numbers_match_nothing():
	assert normalise(None) == "" and normalise(" - ") == ""
	assert not same_number("", None)
	assert national_tail("+48 601 234 567") == "601234567"
