import type {Redactor} from '../redaction/redactor.js';
import {clip} from './redact.js';

export interface RedirectTarget {
	/** Origin and path of where the answer pointed, safe to print; null when it named no readable location. */
	readonly location: string | null;
	readonly crossOrigin: boolean;
}

/**
Where a redirect answer points, made safe to print: `Location` resolved against the request URL, reduced to its
origin and path (query, fragment and userinfo may carry anything, a key included), scrubbed of every secret the redactor knows
and clipped. The URL parser percent-encodes control, escape and bidi characters in a path and punycodes a host,
so what is left is plain ASCII. A fetch that followed the redirect itself (a caller's `fetch`) shows its final URL.
*/
export function redirectTarget(response: Response, requestUrl: URL, redactor: Redactor): RedirectTarget {
	const raw = response.redirected ? response.url : response.headers.get('location');
	if (raw === null || raw.trim() === '') {
		return {location: null, crossOrigin: false};
	}

	let target: URL;
	try {
		target = new URL(raw, requestUrl);
	} catch {
		return {location: null, crossOrigin: false};
	}

	const web = target.protocol === 'https:' || target.protocol === 'http:';
	const shown = web ? `${target.origin}${target.pathname}` : `a ${target.protocol} URL`;
	return {location: clip(redactor.scrub(shown), 120), crossOrigin: target.origin !== requestUrl.origin};
}

/** A 3xx answer, an opaque redirect (a fetch in `manual` mode that hides it), or a response a fetch reached by following one. */
export function isRedirect(response: Response): boolean {
	return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400) || response.redirected;
}
