import {TokenkitError} from './tokenkit-error.js';

/**
A listing could not be completed faithfully: a cursor came back twice, a page was empty before the end,
or the total changed while paging. Thrown rather than returning a list that may be short or repeat.
*/
export class PaginationError extends TokenkitError {
	override name = 'PaginationError' as const;
}
