from account_manager.install import add_erpnext_indexes


def execute():
	"""Sites that had the app before Customer.account_manager was indexed (safe to run again)."""
	add_erpnext_indexes()
