import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

export interface ResponseTooLargeDetails extends ErrorContext {
	readonly method: string;
	readonly path: string;
	readonly status: number;
	/** The cap in bytes (`maxResponseBytes`) the body went past. */
	readonly limit: number;
}

/**
A response body larger than `maxResponseBytes`. Reading stopped at the cap, so an endless or huge body costs
at most that much memory; the request is not retried (the same question would get the same answer).
*/
export class ResponseTooLargeError extends TokenkitError {
	override name = 'ResponseTooLargeError' as const;
	readonly method: string;
	readonly path: string;
	readonly status: number;
	readonly limit: number;

	constructor(details: ResponseTooLargeDetails, options?: ErrorOptions) {
		super(
			`${details.method} ${details.path} answered HTTP ${details.status} with a body larger than the ${formatBytes(details.limit)} cap; reading stopped there (raise maxResponseBytes if this account really answers that much)`,
			details,
			options,
		);
		this.method = details.method;
		this.path = details.path;
		this.status = details.status;
		this.limit = details.limit;
	}
}

/** `67108864 bytes` as `64 MiB`, `65536` as `64 KiB`; other sizes in bytes. */
function formatBytes(bytes: number): string {
	for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
		if (bytes >= size && bytes % size === 0) {
			return `${bytes / size} ${unit}`;
		}
	}

	return `${bytes} bytes`;
}
