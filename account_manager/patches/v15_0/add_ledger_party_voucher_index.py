from account_manager.install import add_erpnext_indexes


def execute():
	"""Sites that had the app before Payment Ledger Entry was indexed by client and voucher (safe to run
	again). On a large ledger this takes a while: about 30 s for 10,000,000 rows held in memory."""
	add_erpnext_indexes()
