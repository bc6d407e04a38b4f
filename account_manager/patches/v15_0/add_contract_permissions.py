from account_manager.install import add_erpnext_permissions


def execute():
	"""Account Managers and the Sales Head work on ERPNext's Contract (issue 25)."""
	add_erpnext_permissions()
