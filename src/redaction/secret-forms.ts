/**
The texts in which a secret travels when a vendor echoes it: as it is, URL-encoded (a query string, a form
body), and in base64 or base64url (`Basic base64(user:key)`, `Bearer <base64>`, a token wrapped in JSON and
encoded). Base64 depends on where the secret starts within the encoded bytes, so each of the three alignments
gives its own text; the characters at either end that mix the secret's bits with its unknown neighbours' are
cut off, leaving only characters that any text holding the secret at that alignment must contain.
*/
export function secretForms(secret: string): string[] {
	const forms = new Set([secret, encodeURIComponent(secret)]);
	for (const lead of ['', 'a', 'aa']) {
		const bytes = Buffer.from(`${lead}${secret}`);
		// The first characters carry bits of the lead, the last two may carry bits of whatever follows.
		const skip = Math.ceil((lead.length * 4) / 3);
		for (const encoding of ['base64', 'base64url'] as const) {
			const encoded = bytes.toString(encoding).replace(/=+$/, '');
			forms.add(encoded.slice(skip, -2));
		}
	}

	return [...forms];
}
