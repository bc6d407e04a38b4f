import frappe

SERIES = "SR-.YYYY.-.MM.-.####"


def execute():
	"""Settlement Reconciliations are named by the series SR-.YYYY.-.MM.-.#### from now on. Those made before
	keep their names, as sent to clients who may quote them back: nothing is renamed. They get the series in
	their naming_series field, mandatory now, so that recording an old statement's answer is not refused
	for want of it (a field of the naming only, not the statement's content: no Version). Safe to run
	again."""
	table = frappe.qb.DocType("Settlement Reconciliation")
	(
		frappe.qb.update(table)
		.set(table.naming_series, SERIES)
		.where(table.naming_series.isnull() | (table.naming_series == ""))
		.run()
	)
