import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

/** What an HTTP error knows about the exchange. Never the request headers or the raw body. */
export interface HttpErrorDetails extends ErrorContext {
	readonly status: number;
	readonly method: string;
	/** Path and query of the request, without the origin. */
	readonly path: string;
	/** The vendor's request id (a header or the error body), for a support ticket. */
	readonly requestId?: string | undefined;
	/** The vendor's own error code (`not_found`, `rate_limited`, …) when its error body has one. */
	readonly vendorCode?: string | undefined;
	/** The vendor's error text, already scrubbed of any known secret. */
	readonly vendorMessage?: string | undefined;
}

/** A vendor answered with a status that is not a success. Subclasses exist for the statuses callers branch on. */
export class HttpError extends TokenkitError {
	override name: string = 'HttpError';
	readonly status: number;
	readonly method: string;
	readonly path: string;
	readonly requestId: string | undefined;
	readonly vendorCode: string | undefined;
	readonly vendorMessage: string | undefined;

	constructor(details: HttpErrorDetails, explanation?: string, options?: ErrorOptions) {
		super(describe(details, explanation), details, options);
		this.status = details.status;
		this.method = details.method;
		this.path = details.path;
		this.requestId = details.requestId;
		this.vendorCode = details.vendorCode;
		this.vendorMessage = details.vendorMessage;
	}

	/** What it was made from: to make another error about the same exchange (a reason added, a kind changed). */
	get details(): HttpErrorDetails {
		const {provider, account, status, method, path, requestId, vendorCode, vendorMessage} = this;
		return {provider, account, status, method, path, requestId, vendorCode, vendorMessage};
	}
}

function describe(details: HttpErrorDetails, explanation: string | undefined): string {
	const parts = [`${details.method} ${details.path} answered HTTP ${details.status}`];
	if (explanation !== undefined) {
		parts.push(explanation);
	}

	if (details.vendorMessage !== undefined && details.vendorMessage !== '') {
		parts.push(`vendor says: ${details.vendorMessage}`);
	}

	if (details.requestId !== undefined) {
		parts.push(`request id ${details.requestId}`);
	}

	return parts.join('; ');
}
