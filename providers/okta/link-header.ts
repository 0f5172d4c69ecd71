/**
The target of the `rel="next"` link in an HTTP `Link` header (RFC 8288), or null when there is none. Okta sends
one `Link` line per relation (`self`, `next`); fetch joins repeated header lines with `, `, so the value is
split on the commas that separate links, not those inside a `<…>` target (docs/vendors/okta.md, pagination [D]).
*/
export function nextLink(header: string | null): string | null {
	if (header === null) {
		return null;
	}

	for (const match of header.matchAll(/<([^>]*)>([^,<]*)/g)) {
		const [, target, parameters = ''] = match;
		const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(parameters);
		const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
		if (target !== undefined && relations.includes('next')) {
			return target;
		}
	}

	return null;
}
