/**
One item of the structured `RateLimit` field of draft-ietf-httpapi-ratelimit-headers (version 08 on): a quota
policy's name with `r` (requests remaining) and `t` (seconds until the quota resets), e.g.
`RateLimit: "default";r=50;t=30`. Cloudflare sends it on every answer (docs/vendors/cloudflare.md, rate limits [D]).
*/
export interface RateLimitItem {
	readonly remaining: number;
	readonly resetSeconds: number;
}

/**
The items of the `RateLimit` field that carry both `r` and `t` as whole numbers; none when the field is absent
or unreadable. Parsed by hand rather than by a structured-field library: the field is a list of strings or
tokens with integer parameters, and anything else is skipped rather than guessed at.
*/
export function readRateLimitField(headers: Headers): RateLimitItem[] {
	const field = headers.get('ratelimit');
	if (field === null) {
		return [];
	}

	const items: RateLimitItem[] = [];
	for (const item of field.split(',')) {
		const parameters = new Map<string, string>();
		for (const parameter of item.split(';').slice(1)) {
			const [key = '', value = ''] = parameter.split('=');
			parameters.set(key.trim().toLowerCase(), value.trim());
		}

		const remaining = wholeNumber(parameters.get('r'));
		const resetSeconds = wholeNumber(parameters.get('t'));
		if (remaining !== null && resetSeconds !== null) {
			items.push({remaining, resetSeconds});
		}
	}

	return items;
}

function wholeNumber(text: string | undefined): number | null {
	return text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : null;
}
