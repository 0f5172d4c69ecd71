import {TokenkitError, type ErrorContext} from './tokenkit-error.js';

/** One way a vendor response broke its schema: where, and what was expected there. */
export interface ShapeIssue {
	/** Dot path into the response, e.g. `items.3.creationDate`; `(root)` for the whole body. */
	readonly path: string;
	/** What the schema wanted and what kind of value came instead. Never the value itself: it may be a secret. */
	readonly problem: string;
	/** The id of the record (token) the field belongs to, made safe to quote; absent where none could be read. */
	readonly record?: string | undefined;
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
		// A record's id is said once before its issues, which keeps each path next to its problem.
		const listed = details.issues
			.slice(0, 5)
			.map((issue, index, shown) => {
				const record = issue.record === undefined || issue.record === shown[index - 1]?.record ? '' : `token id "${issue.record}": `;
				return `${record}${issue.path}: ${issue.problem}`;
			})
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
