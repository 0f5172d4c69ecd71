import type {HttpClient} from '../../src/http/client.js';
import {parseResponse} from '../../src/validate.js';
import {CallerIdentitySchema} from './schema.js';

const callerIdentityPath = 'api/v2/caller-identity';

export interface CallerIdentityLookup {
	/**
	The id of the token the provider authenticates with, asked once (`GET /api/v2/caller-identity`) and kept for
	the life of the provider: a reset keeps a token's id (docs/vendors/launchdarkly.md, rotation [I]). Null when
	LaunchDarkly would not say (a failure, or an answer without `tokenId`): then no token is marked, and the
	failure is forgotten so a later listing asks again. It never fails a listing; an abort is rethrown.
	*/
	tokenId(signal?: AbortSignal): Promise<string | null>;
}

export function createCallerIdentityLookup(client: HttpClient): CallerIdentityLookup {
	let cached: Promise<string | null> | undefined;
	const ask = async (signal?: AbortSignal): Promise<string | null> => {
		const response = await client.send({method: 'GET', path: callerIdentityPath, signal});
		return parseResponse(CallerIdentitySchema, response, client.context).tokenId ?? null;
	};

	return {
		async tokenId(signal) {
			cached ??= ask(signal);
			try {
				return await cached;
			} catch (error) {
				cached = undefined;
				if (signal?.aborted === true) {
					throw error;
				}

				return null;
			}
		},
	};
}
