import {inert} from '../text/inert.js';

/**
Removes every occurrence of the given secrets from a text that is about to reach an error message or a log.
Vendors sometimes echo what they were sent; a key must not travel on in an error.
*/
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret.length >= 4) {
			result = result.split(secret).join('[redacted]');
		}
	}

	return result;
}

/** Cuts a vendor message to one line of a log, its control, escape and bidi characters made visible (`inert`). */
export function clip(text: string, max = 300): string {
	return inert(text.replaceAll(/\s+/g, ' ').trim(), max);
}
