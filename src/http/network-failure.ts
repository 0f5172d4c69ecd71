/**
Names a failure below HTTP from the error codes Node and undici attach along an error's `cause` chain,
and says whether the request provably never left this machine.
*/
export interface NetworkFailureKind {
	readonly reason: string;
	readonly notSent: boolean;
}

const known: Readonly<Record<string, NetworkFailureKind>> = {
	ECONNREFUSED: {reason: 'connection refused', notSent: true},
	ENOTFOUND: {reason: 'host not found', notSent: true},
	EAI_AGAIN: {reason: 'DNS lookup failed', notSent: true},
	UND_ERR_CONNECT_TIMEOUT: {reason: 'connect timed out', notSent: true},
	ECONNRESET: {reason: 'connection reset', notSent: false},
	EPIPE: {reason: 'connection closed while sending', notSent: false},
	UND_ERR_SOCKET: {reason: 'connection closed by the server', notSent: false},
	ETIMEDOUT: {reason: 'network timeout', notSent: false},
	UND_ERR_HEADERS_TIMEOUT: {reason: 'no response headers in time', notSent: false},
	UND_ERR_BODY_TIMEOUT: {reason: 'response body stalled', notSent: false},
};

export function classifyNetworkFailure(error: unknown): NetworkFailureKind {
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
		const code = 'code' in current && typeof current.code === 'string' ? current.code : undefined;
		if (code !== undefined) {
			return known[code] ?? {reason: `network error (${code})`, notSent: false};
		}

		current = current.cause;
	}

	return {reason: 'network error', notSent: false};
}
