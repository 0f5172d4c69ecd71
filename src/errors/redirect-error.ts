import {HttpError, type HttpErrorDetails} from './http-error.js';

export interface RedirectErrorDetails extends HttpErrorDetails {
	/**
	Where the vendor pointed: the origin and path of its `Location`, clipped, with query, fragment and any
	credentials left out (they may carry anything). `null` when the answer named no readable location.
	*/
	readonly location: string | null;
	/** True when the location is on another origin than the vendor's API. */
	readonly crossOrigin: boolean;
}

/**
A 3xx answer. The vendors' token APIs never redirect, so tokenkit follows none: a redirect means something
stands between tokenkit and the vendor (a captive portal, a moved or hijacked host), and its answer is not the
vendor's. Nothing is sent to the location, and the request fails without a retry.
*/
export class RedirectError extends HttpError {
	override name = 'RedirectError' as const;
	readonly location: string | null;
	readonly crossOrigin: boolean;

	constructor(details: RedirectErrorDetails, options?: ErrorOptions) {
		const target = details.location === null ? 'no readable location' : `${details.crossOrigin ? 'another origin, ' : ''}${details.location}`;
		super(details, `a redirect to ${target}; the vendor's API does not redirect, so it was not followed and nothing was sent there`, options);
		this.location = details.location;
		this.crossOrigin = details.crossOrigin;
	}
}
