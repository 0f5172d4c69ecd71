import * as v from 'valibot';
import {HttpError} from '../../src/errors/index.js';
import type {Owner} from '../../src/token.js';
import type {CloudflareApi} from './api.js';
import {CloudflareVerifySchema} from './schema.js';

/** Who tokenkit is, as far as Cloudflare tells: the id of its own token in this scope, and for user tokens the user. */
export interface CloudflareCaller {
	/** The id of the token tokenkit authenticates with; null when that token is not one of this scope's. */
	readonly ownTokenId: string | null;
	/** The calling user, owner of every `/user/tokens` token; null for account tokens or when `GET /user` is refused. */
	readonly user: Owner | null;
}

const UserSchema = v.looseObject({id: v.string(), email: v.optional(v.string())});

/**
Asks Cloudflare once per provider who the credential is, and keeps the answer (docs/vendors/cloudflare.md, verify):
`GET /user/tokens/verify` or `GET /accounts/{id}/tokens/verify` names the very token the request carried, so the
listing can mark it `ownCredential` and a batch rotation never rolls tokenkit's own credential without saying so.

A verify refused with a 4xx means the credential is no token of this scope (`/user/tokens/verify` refuses an
account token with code 1000 [I]): then no listed token is the credential. Any other failure (a 5xx, the network,
a rate limit) fails the listing: marking every token "not the credential" on a guess is what this check prevents.
A failed lookup is not kept, so the next listing asks again.
*/
export function createCallerLookup(api: CloudflareApi, scope: 'account' | 'user', base: string): (signal: AbortSignal | undefined) => Promise<CloudflareCaller> {
	let known: Promise<CloudflareCaller> | undefined;
	const ask = async (signal: AbortSignal | undefined): Promise<CloudflareCaller> => {
		const ownTokenId = await refusedAsNull(async () => (await api.call(CloudflareVerifySchema, {method: 'GET', path: `${base}/verify`, signal})).result.id);
		const user = scope === 'user'
			? await refusedAsNull(async () => {
				const {result} = await api.call(UserSchema, {method: 'GET', path: 'user', signal});
				return {id: result.id, email: result.email ?? null, status: 'present'} satisfies Owner;
			})
			: null;
		return {ownTokenId, user};
	};

	return async signal => {
		known ??= ask(signal).catch((error: unknown) => {
			known = undefined;
			throw error;
		});
		return known;
	};
}

async function refusedAsNull<T>(read: () => Promise<T>): Promise<T | null> {
	try {
		return await read();
	} catch (error) {
		if (error instanceof HttpError && error.status >= 400 && error.status < 500 && error.status !== 429) {
			return null;
		}

		throw error;
	}
}
