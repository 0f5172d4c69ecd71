import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

/** One way a vendor response broke its schema: where, and what was expected there. */
export interface ShapeIssue {
	/** Dot path into the response, e.g. `items.3.creationDate`; `(root)` for the whole body. */
	readonly path: string;
	/** What the schema wanted and what kind of value came instead. Never the value itself: it may be a secret. */
	readonly problem: string;
}

export interface ResponseShapeDetails extends ErrorContext {
	readonly method: string;
	readonly path: string;
	readonly status: number;
	readonly requestId?: string | undefined;
	readonly issues: readonly [ShapeIssue, ...ShapeIssue[]];
}

/** A vendor response parsed as JSON but does not match the vendor's schema. Names every field that broke. */
export class ResponseShapeError extends TokenkitError {
	override name = 'ResponseShapeError' as const;
	readonly method: string;
	readonly path: string;
	readonly status: number;
	readonly requestId: string | undefined;
	readonly issues: readonly [ShapeIssue, ...ShapeIssue[]];

	constructor(details: ResponseShapeDetails, options?: ErrorOptions) {
		const listed = details.issues
			.slice(0, 5)
			.map(issue => `${issue.path}: ${issue.problem}`)
			.join('; ');
		const more = details.issues.length > 5 ? ` (+${details.issues.length - 5} more)` : '';
		super(
			`${details.method} ${details.path} returned a response that does not match the expected shape: ${listed}${more}`,
			details,
			options,
		);
		this.method = details.method;
		this.path = details.path;
		this.status = details.status;
		this.requestId = details.requestId;
		this.issues = details.issues;
	}
}
