"""What an e-mail template reads of the document it is rendered for: an offer's e-mail never goes out
with an empty field ("valid till ." when Valid Till is empty). Pure functions (Jinja only, no frappe)."""

from jinja2 import Environment, nodes


def fields_read(source: str, names=("doc",)) -> list[str]:
	"""The fields a Jinja template reads of the objects called `names`: `{{ doc.valid_till }}`,
	`{{ frappe.format(doc.total, ...) }}`, `{% if doc.x %}`, in the order they first appear. Fields read
	only under a test of themselves (`{% if doc.x %}{{ doc.x }}{% endif %}`) are left out: the template
	itself takes care of them being empty. A template that does not parse reads nothing (Frappe refuses
	it when it renders it)."""
	try:
		tree = Environment().parse(source or "")
	except Exception:
		return []
	guarded = set()
	for test in tree.find_all((nodes.If, nodes.CondExpr)):
		guarded.update(_reads(test.test, names))
	found = []
	for name in _reads(tree, names):
		if name not in found and name not in guarded:
			found.append(name)
	return found


def _reads(node, names) -> list[str]:
	attrs = (
		[node, *node.find_all(nodes.Getattr)]
		if isinstance(node, nodes.Getattr)
		else node.find_all(nodes.Getattr)
	)
	return [attr.attr for attr in attrs if isinstance(attr.node, nodes.Name) and attr.node.name in names]


def empty_fields(source: str, values: dict, names=("doc",)) -> list[str]:
	"""The fields the template reads that are empty in `values` (None, "" or an empty table); a name that
	is not a field of the document (a method, a property) is not judged."""
	return [name for name in fields_read(source, names) if name in values and values[name] in (None, "", [])]
