from account_manager.rules.contract_terms import beyond_standard

STANDARD_C = {"max_credit_limit": 10000, "max_payment_days": 14, "max_discount_percent": 2}


def test_terms_within_the_standard_need_no_approval():
	assert (
		beyond_standard({"credit_limit": 10000, "payment_days": 14, "discount_percent": 2}, STANDARD_C) == []
	)
	assert beyond_standard({}, STANDARD_C) == []


def test_each_term_above_its_ceiling_is_named():
	terms = {"credit_limit": 10000.01, "payment_days": 30, "discount_percent": 1}
	assert beyond_standard(terms, STANDARD_C) == ["credit_limit", "payment_days"]
	assert beyond_standard({"discount_percent": 5}, STANDARD_C) == ["discount_percent"]


def test_without_a_standard_for_the_segment_every_term_set_needs_the_sales_head():
	assert beyond_standard({"credit_limit": 1, "payment_days": 0}, None) == ["credit_limit"]
	assert beyond_standard({}, None) == []
