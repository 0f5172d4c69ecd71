import {ConfigError} from '../../src/errors/index.js';
import {mapEach} from '../../src/map-each.js';
import {paginateNone} from '../../src/paginate.js';
import {parseResponse} from '../../src/validate.js';
import type {CallOptions, CreateTokenInput, MintedToken} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {rotateByReplace} from '../../src/rotation/replace.js';
import {readMintedAnswer} from '../../src/minted-answer.js';
import {mistRotation} from './rotation.js';
import type {Token} from '../../src/token.js';
import type {MistApi} from './api.js';
import {maskedKey, mistUserTokenFromRequest, mistUserTokenToToken, type MistTokenAdmin} from './map.js';
import {collectMistPages} from './page-headers.js';
import {rejectDescription} from './request-body.js';
import {
	MistSelfSchema,
	MistCreatedUserApiTokenSchema,
	MistUserApiTokenListSchema,
	MistUserApiTokenSchema,
	type MistUserApiToken,
} from './schema.js';
import type {MistOwnCredential} from './own-credential.js';
import type {MistOperations, MistUpdateTokenInput} from './types.js';

const base = 'api/v1/self/apitokens';
const tokenPath = (id: string): string => `${base}/${encodeURIComponent(id)}`;

/**
The user ("self") tokens of the admin whose key the provider uses: `/api/v1/self/apitokens` (docs/vendors/mist.md,
endpoints [S]). A user token has no privileges or allow-list of its own; it acts as its admin, whom
`GET /api/v1/self` names, so every read asks that too (side by side with the token request).
*/
export function selfTokenOperations(api: MistApi, own: MistOwnCredential): MistOperations {
	const {context, account} = api;
	const toToken = (record: MistUserApiToken, admin: MistTokenAdmin): Token => scrubToken(mistUserTokenToToken(record, account, admin), api.redactor);

	async function readAdmin(signal: AbortSignal | undefined): Promise<MistTokenAdmin> {
		const {data: self} = await api.fetch(MistSelfSchema, {method: 'GET', path: 'api/v1/self', signal});
		return {email: self.email ?? null, privileges: self.privileges};
	}

	async function readRecord(id: string, signal: AbortSignal | undefined): Promise<MistUserApiToken> {
		return (await api.fetch(MistUserApiTokenSchema, {method: 'GET', path: tokenPath(id), signal})).data;
	}

	async function readAll(signal: AbortSignal | undefined): Promise<MistUserApiToken[]> {
		const first = await api.fetch(MistUserApiTokenListSchema, {method: 'GET', path: base, signal});
		return collectMistPages({
			context,
			first: {items: first.data, headers: first.response.headers},
			idOf: record => record.id,
			async fetchPage(page, limit) {
				const next = await api.fetch(MistUserApiTokenListSchema, {method: 'GET', path: base, query: {page, limit}, signal});
				return {items: next.data, headers: next.response.headers};
			},
		});
	}

	async function listAll(signal: AbortSignal | undefined): Promise<Token[]> {
		const [records, admin] = await Promise.all([readAll(signal), readAdmin(signal)]);
		return own.markListed([...mapEach(records, record => toToken(record, admin))]);
	}

	async function get(id: string, options: CallOptions = {}): Promise<Token> {
		const [record, admin] = await Promise.all([readRecord(id, options.signal), readAdmin(options.signal)]);
		return own.markOne(toToken(record, admin), async function * () {
			yield * await listAll(options.signal);
		}, options.signal);
	}

	/**
	Creates a user token. The admin is read first, so that nothing but reading the answer stands between the
	mint and handing the key back. The answer is read key first (readMintedAnswer), then the token is read back,
	as for org tokens, so it looks as a list shows it (with the masked key's hint); if that read fails, the
	answer serves. Mist allows a token without a name (the spec requires no field), so an empty name is left out.
	*/
	/** `retry: false` for a rotation's twin: the strategy is not retry-safe, so its mint is sent once. */
	async function mint(name: string, signal: AbortSignal | undefined, retry = true): Promise<MintedToken> {
		const admin = await readAdmin(signal);
		const sentName = name.trim() === '' ? undefined : name;
		const response = await api.send({method: 'POST', path: base, json: sentName === undefined ? {} : {name: sentName}, signal, mints: 'key', retry});
		// The spec points this answer at the list schema (docs/vendors/mist.md, endpoints [I]): one object is expected, and a
		// one-element array is read too.
		const body: unknown = Array.isArray(response.body) && response.body.length === 1 ? response.body[0] : response.body;
		const minted = await readMintedAnswer({
			context,
			response,
			body,
			keyField: 'key',
			idField: 'id',
			alwaysReadBack: true,
			fromAnswer(record) {
				const raw: MistUserApiToken = {...parseResponse(MistCreatedUserApiTokenSchema, {...response, body: record}, context)};
				// The whole key goes into the Secret only; `raw` must never hold it.
				delete raw.key;
				return mistUserTokenToToken(raw, account, admin);
			},
			readBack: async id => mistUserTokenToToken(await readRecord(id, signal), account, admin),
			fallback: (id, answered) => answered ?? mistUserTokenFromRequest(id, sentName ?? '', account, admin),
			async findId(secret) {
				const masked = maskedKey(secret.reveal());
				const matches = (await readAll(signal)).filter(record => record.key === masked && (record.name ?? '') === (sentName ?? ''));
				return matches.length === 1 ? matches[0]?.id : undefined;
			},
		});
		// Scrubbed like every token handed out: the vendor may echo a known secret in any field.
		return {...minted, token: scrubToken(minted.token, api.redactor)};
	}

	return {
		list(listOptions = {}) {
			return paginateNone(async () => listAll(listOptions.signal));
		},

		get,

		async create(input: CreateTokenInput, options: CallOptions = {}) {
			rejectNotOwn(input, context);
			if (input.kind === 'service') {
				throw new ConfigError('a user token acts as the admin who owns it; for a non-human token use a provider with scope \'org\'', context);
			}

			return mint(input.name, options.signal);
		},

		async update(id: string, change: MistUpdateTokenInput, options: CallOptions = {}) {
			rejectNotOwn(change, context);
			if (change.name === undefined) {
				// A user token's name is all it has that can change.
				return get(id, options);
			}

			if (change.name.trim() === '') {
				throw new ConfigError('name must not be empty', context);
			}

			// Unlike the org-token PUT, this one answers with the token (docs/vendors/mist.md, endpoints [S]).
			const [{data: record}, admin] = await Promise.all([
				api.fetch(MistUserApiTokenSchema, {method: 'PUT', path: tokenPath(id), json: {name: change.name}, signal: options.signal}),
				readAdmin(options.signal),
			]);
			return toToken(record, admin);
		},

		async delete(id, options = {}) {
			await api.send({method: 'DELETE', path: tokenPath(id), signal: options.signal});
		},

		async rotate(id, rotateOptions = {}) {
			return rotateByReplace(id, rotateOptions, {
				read: async (tokenId, call) => get(tokenId, call),
				// A user token's twin needs only its name: privileges come with the admin.
				createTwin: async (original, call) => mint(original.name, call.signal, mistRotation.retrySafe),
				async revoke(tokenId, call) {
					await api.send({method: 'DELETE', path: tokenPath(tokenId), signal: call.signal});
				},
				now: Date.now,
				context,
				name: mistRotation.name,
			});
		},
	};
}

/** What a user token cannot have: privileges, an allow-list, a description (docs/vendors/mist.md, schemas [S]). */
function rejectNotOwn(input: {readonly description?: string | undefined; readonly privileges?: unknown; readonly allowedIps?: readonly string[] | undefined}, context: MistApi['context']): void {
	rejectDescription(input.description, context);
	if (input.privileges !== undefined) {
		throw new ConfigError('a user token has no privileges of its own: it acts with its admin\'s. Change the admin\'s role in Mist, or use scope \'org\' for a token with its own privileges', context);
	}

	if (input.allowedIps !== undefined && input.allowedIps.length > 0) {
		throw new ConfigError('a user token has no IP allow-list in Mist; only org tokens (scope \'org\') can be limited to source addresses', context);
	}
}
