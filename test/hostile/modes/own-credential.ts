import {isObject, json, rewriteJson, type HostileMode} from '../vendor.js';

/*
Modes for telling the account's own credential apart: a vendor whose masked hints make two tokens look like
the credential, and a LaunchDarkly whose caller-identity endpoint fails or names a token it does not list.
*/

/** Mist: a second record in every token list shows the same masked key as the credential's record. */
export function mistTwinMask(credentialMask: string): HostileMode {
	return rewriteJson((body, request) => {
		if (request.method !== 'GET' || !/\/apitokens$/.test(request.pathname) || !Array.isArray(body)) {
			return body;
		}

		const records: unknown[] = body;
		const other = records.find(record => isObject(record) && record['key'] !== credentialMask);
		if (isObject(other)) {
			other['key'] = credentialMask;
		}

		return records;
	});
}

/** Opal: a second token in every page that holds the credential's `token_preview` shows that preview too. */
export function opalTwinPreview(credentialPreview: string): HostileMode {
	return rewriteJson((body, request) => {
		if (request.method !== 'GET' || !request.pathname.endsWith('/tokens') || !isObject(body) || !Array.isArray(body['results'])) {
			return body;
		}

		const results: unknown[] = body['results'];
		if (results.some(record => isObject(record) && record['token_preview'] === credentialPreview)) {
			const other = results.find(record => isObject(record) && record['token_preview'] !== credentialPreview);
			if (isObject(other)) {
				other['token_preview'] = credentialPreview;
			}
		}

		return body;
	});
}

const isCallerIdentity = (pathname: string): boolean => pathname === '/api/v2/caller-identity';

/** LaunchDarkly: the caller-identity endpoint answers 404, as an instance (or a proxy) without it would. */
export const callerIdentityMissing: HostileMode = async exchange => isCallerIdentity(exchange.request.pathname)
	? json(404, {code: 'not_found', message: 'hostile vendor: no such route'})
	: exchange.forward();

/** LaunchDarkly: the caller-identity endpoint names a token the account does not have, and echoes the key it was sent. */
export const callerIdentityStranger: HostileMode = async exchange => isCallerIdentity(exchange.request.pathname)
	? json(200, {tokenId: '000000000000000000000000', tokenName: `echo ${String(exchange.request.headers.authorization)}`, authKind: 'token'})
	: exchange.forward();
