from frappe import _


def get_data():
	return {
		"fieldname": "client_card",
		"transactions": [
			{"label": _("Outreach"), "items": ["Client Call", "Commercial Offer", "Product Request"]},
			{"label": _("Contracts"), "items": ["Contract"]},
		],
	}
