"""What an e-mail template reads of the offer it is rendered for (issue 27): no e-mail with an empty field."""

from account_manager.rules.templates import empty_fields, fields_read

DEMO = (
	"<p>w załączeniu przesyłam ofertę {{ doc.name }} ważną do "
	"{{ frappe.format(doc.valid_till, {'fieldtype': 'Date'}) }}.</p>"
)


def test_the_fields_a_template_reads_of_the_offer():
	assert fields_read(DEMO, ("doc", "offer")) == ["name", "valid_till"]
	assert fields_read("{{ offer.total }} {{ party_name }} {{ other.x }}", ("doc", "offer")) == ["total"]


def test_a_field_the_template_tests_itself_may_be_empty():
	source = (
		"{% if doc.proposal %}{{ doc.proposal }}{% endif %}{{ doc.valid_till if doc.valid_till else '' }}"
	)
	assert fields_read(source) == []


def test_the_empty_fields_it_would_render():
	values = {"name": "CO-1", "valid_till": None, "total": 0}
	assert empty_fields(DEMO, values, ("doc",)) == ["valid_till"]
	assert empty_fields(DEMO, {**values, "valid_till": "2026-12-20"}, ("doc",)) == []
	assert empty_fields("{{ doc.items }}", {"items": []}) == ["items"]
	assert empty_fields("{{ doc.get_title() }}", {}) == []  # not a field: not judged


def test_a_template_that_does_not_parse_reads_nothing():
	assert fields_read("{{ doc.name ") == []
