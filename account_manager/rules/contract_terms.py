"""CT3: which of a contract's terms go beyond its client segment's standard. Pure functions."""

# a term of the contract -> the standard's ceiling for it
CEILINGS = {
	"credit_limit": "max_credit_limit",
	"payment_days": "max_payment_days",
	"discount_percent": "max_discount_percent",
}


def beyond_standard(terms: dict, standard: dict | None) -> list[str]:
	"""The terms (credit_limit, payment_days, discount_percent) above the standard's ceilings. Without a
	standard for the segment, every term that is set goes beyond it: the Sales Head approves."""
	beyond = []
	for term, ceiling in CEILINGS.items():
		value = float(terms.get(term) or 0)
		if not value:
			continue
		if standard is None or value > float(standard.get(ceiling) or 0):
			beyond.append(term)
	return beyond
