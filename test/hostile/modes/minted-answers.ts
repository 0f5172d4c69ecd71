import {isObject, json, rewriteJson, type HostileMode} from '../vendor.js';

/*
Answers to the requests that mint a key (Mist's create, LaunchDarkly's create and reset), bent after the
vendor has minted: the key is in the answer, the rest of the record is not. A client must keep the key.
*/

/** Whether the request mints a key: a POST to a token collection, or to LaunchDarkly's reset. */
export function mints(method: string, pathname: string): boolean {
	return method === 'POST' && (/\/apitokens$/.test(pathname) || /\/api\/v2\/tokens(?:\/[^/]+\/reset)?$/.test(pathname));
}

/** Removes `fields` from a minting answer (the vendor minted; only the record is short). Other answers pass. */
export function withoutFields(fields: readonly string[]): HostileMode {
	return rewriteJson((body, request) => {
		if (!mints(request.method, request.pathname) || !isObject(body)) {
			return body;
		}

		for (const field of fields) {
			Reflect.deleteProperty(body, field);
		}

		return body;
	});
}

/**
A minting answer without its id, and a token list that never shows the new token (it lists nothing), so
nothing can tell which token holds the key.
*/
export const idNowhere: HostileMode = async exchange => {
	const answer = await withoutFields(['id'])(exchange);
	const {method, pathname} = exchange.request;
	if (answer !== 'sent' && method === 'GET' && pathname.endsWith('/apitokens')) {
		return json(200, []);
	}

	return answer;
};
