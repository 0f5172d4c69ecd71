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

/** Cuts a vendor message to a size that fits on one line of a log. */
export function clip(text: string, max = 300): string {
	const oneLine = text.replaceAll(/\s+/g, ' ').trim();
	return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
