import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

export interface UnsupportedOperationDetails extends ErrorContext {
	/** The TokenProvider operation that was called: `create`, `rotate`, … */
	readonly operation: string;
	/** What the vendor offers instead, in a sentence the user can act on. */
	readonly alternative: string;
}

/** The vendor's API has no way to do this. `capabilities` declares it up front; this says what to do instead. */
export class UnsupportedOperationError extends TokenkitError {
	override name = 'UnsupportedOperationError' as const;
	readonly operation: string;
	readonly alternative: string;

	constructor(details: UnsupportedOperationDetails, options?: ErrorOptions) {
		super(`${details.operation} is not supported by this vendor's API. ${details.alternative}`, details, options);
		this.operation = details.operation;
		this.alternative = details.alternative;
	}
}
