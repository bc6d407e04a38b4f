"""ERPNext's whitelisted methods that read a client's receivables by a party, or by a document of one, with
SQL of their own (no portfolio rule): hooks.py overrides each with overrides.whitelisted.guarded, which
refuses a call naming a client outside the user's portfolios. tests/integration/test_attacks.py checks that
every whitelisted method of ERPNext taking a party argument is here or in UNGUARDED, with the reason.
Plain data: hooks.py reads it."""

PARTY_METHODS = (
	"erpnext.accounts.utils.get_balance_on",
	"erpnext.accounts.party.get_party_details",
	"erpnext.accounts.party.get_party_account",
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_party_details",
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_outstanding_reference_documents",
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_reference_details",
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_party_and_account_balance",
	"erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry",
)


def guarded_name(method: str) -> str:
	"""The name of the guarded method in account_manager.overrides.whitelisted."""
	return "guarded__" + method.replace(".", "__")
