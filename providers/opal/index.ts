import {ConfigError, NotFoundError} from '../../src/errors/index.js';
import {createHttpClient} from '../../src/http/client.js';
import {flattenPages} from '../../src/flatten-pages.js';
import {mapEach} from '../../src/map-each.js';
import {cursorPages} from '../../src/paginate.js';
import type {Capabilities, ListOptions, TokenProvider} from '../../src/provider.js';
import {checkProviderOptions, type ProviderOptions} from '../../src/provider-options.js';
import type {Token} from '../../src/token.js';
import {unsupported} from '../../src/unsupported.js';
import {parseResponse} from '../../src/validate.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {markOneByHint, markOwnCredentialInPages} from '../../src/own-credential.js';
import {opalTokenToToken} from './map.js';
import {opalCredentialPreview} from './own-credential.js';
import {createOpalPeople, unresolvedPerson} from './people.js';
import {OpalTokenPageSchema, type OpalToken} from './schema.js';

/** Opal's only API server (docs/vendors/opal.md, base URL [S]). On-prem deployments pass their own `baseUrl`. */
export const opalProductionUrl = 'https://api.opal.dev/v1';

/** The largest `page_size` Opal accepts (docs/vendors/opal.md, pagination [S]: `maximum: 1000`). */
export const opalMaxPageSize = 1000;

export interface OpalProviderOptions extends ProviderOptions {
	/**
	Look up each token's owner and creator in Opal's users API (`GET /user`), for their email and whether they
	are still in the org (deprovisioned or deleted users are `gone`, and the audit flags their tokens). Each user
	is asked for once per provider while the answer is fresh, a few at a time. Off: owners are known by id only,
	with status `unknown`, and listing sends nothing but token pages.
	@default true
	*/
	readonly resolveOwners?: boolean | undefined;
}

/** Opal list filters, on top of the common list options. */
export interface OpalListOptions extends ListOptions {
	/** Only the tokens that act as this user (`user_id`). */
	readonly userId?: string | undefined;
	/** Only these tokens (`token_ids`, sent comma-separated as the spec's `explode: false` asks). */
	readonly tokenIds?: readonly string[] | undefined;
}

export interface OpalProvider extends TokenProvider {
	list(options?: OpalListOptions): AsyncIterable<Token>;
}

export const opalCapabilities = {
	operations: {list: true, get: true, create: false, update: false, delete: true, rotate: false},
	pagination: 'cursor',
	rotation: null,
	maxPageSize: opalMaxPageSize,
	fields: {expiry: true, lastUsed: true, ipAllowList: false, description: false, owner: true},
} as const satisfies Capabilities;

/** Where to mint keys, since Opal's API cannot (docs/vendors/opal.md, rotation [S] and docs/authentication [D]). */
const mintInTheUi = 'Opal mints keys only in its web UI (Organization Settings → API Tokens, a user\'s Settings, or a service user\'s API Keys).';

/**
Opal tokens: list (cursor pages, admin only), get (through the `token_ids` filter) and delete. Opal's API
cannot create, change or rotate tokens; those calls fail with UnsupportedOperationError saying what to do.
Owners and creators are looked up in Opal's users API (see `resolveOwners`). The token whose `token_preview` is
the start of the credential's key is marked `ownCredential`, when it is the only one (own-credential.ts); in a
whole listing it comes last, once that is known.

@example
const opal = createOpalProvider({apiKey: process.env.OPAL_API_KEY ?? '', account: 'opal-prod'});
for await (const token of opal.list()) console.log(token.name, token.expiresAt);
*/
export function createOpalProvider(options: OpalProviderOptions): OpalProvider {
	const {credential, account} = checkProviderOptions('opal', options);
	const context = {provider: 'opal', account};
	const client = createHttpClient({
		...options,
		provider: 'opal',
		account,
		baseUrl: options.baseUrl ?? opalProductionUrl,
		credential,
		authorization: key => `Bearer ${key}`,
		// docs/vendors/opal.md, rate limits [D]: about 100 requests a second per org, shared by all its tokens. No burst:
		// against a fixed one-second window a burst lets a 429 through, and Opal sends no Retry-After to wait on.
		vendorLimits: {requestsPerSecond: 100, burst: 1},
	});

	const people = createOpalPeople(client, context);
	const resolveOwners = options.resolveOwners ?? true;
	if (typeof resolveOwners !== 'boolean') {
		throw new ConfigError(`resolveOwners must be true or false; got ${String(resolveOwners)}`, context);
	}

	/**
	Pages of tokens, mapped as the caller reads them. Each page's `next` is read from the body before the page
	is validated, so the next request is on its way while this page is validated and read; the validation still
	decides, and a body that breaks the schema (its `next` included) fails with the field's path.
	*/
	async function* listPages(listOptions: OpalListOptions): AsyncGenerator<Iterable<Token>, void, undefined> {
		const pageSize = listOptions.pageSize ?? opalMaxPageSize;
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > opalMaxPageSize) {
			throw new ConfigError(`pageSize must be a whole number from 1 to ${opalMaxPageSize}; got ${pageSize}`, context);
		}

		const tokenIds = listOptions.tokenIds === undefined ? undefined : listOptions.tokenIds.join(',');
		const records = cursorPages({
			context,
			idOf: (record: OpalToken) => record.token_id,
			signal: listOptions.signal,
			fetchPage: async (cursor, signal) => {
				const response = await client.send({
					method: 'GET',
					path: 'tokens',
					query: {page_size: pageSize, cursor: cursor ?? undefined, user_id: listOptions.userId, token_ids: tokenIds},
					signal,
				});
				return {next: peekNext(response.body), items: () => parseResponse(OpalTokenPageSchema, response, context, {idKey: 'token_id'}).results};
			},
		});
		for await (const page of records) {
			// The people a page names, looked up before it is mapped (each user once per provider; see people.ts).
			const personOf = resolveOwners ? await people.lookUp(peopleOf(page), listOptions.signal) : unresolvedPerson;
			yield mapEach(page, record => scrubToken(opalTokenToToken(record, account, personOf), client.redactor));
		}
	}

	const isCredentialPreview = opalCredentialPreview(credential.reveal());
	const everyToken = (signal: AbortSignal | undefined): AsyncIterable<Token> => flattenPages(listPages({signal}));

	/** A filtered list is not the whole account: a match in it is checked against the whole listing. */
	async function* filteredPages(listOptions: OpalListOptions): AsyncGenerator<Iterable<Token>, void, undefined> {
		for await (const page of listPages(listOptions)) {
			const marked: Token[] = [];
			for (const token of page) {
				marked.push(await markOneByHint(token, isCredentialPreview, () => everyToken(listOptions.signal), listOptions.signal));
			}

			yield marked;
		}
	}

	function list(listOptions: OpalListOptions = {}): AsyncGenerator<Token, void, undefined> {
		const whole = listOptions.userId === undefined && listOptions.tokenIds === undefined;
		return flattenPages(whole ? markOwnCredentialInPages(listPages(listOptions), isCredentialPreview) : filteredPages(listOptions));
	}

	return {
		provider: 'opal',
		account,
		capabilities: opalCapabilities,
		list,
		async get(id, callOptions = {}) {
			for await (const token of list({tokenIds: [id], signal: callOptions.signal})) {
				if (token.id === id) {
					return token;
				}
			}

			// Opal has no get route; an empty filtered list is its "not found" (docs/vendors/opal.md, endpoints [I]).
			throw new NotFoundError({...context, status: 404, method: 'GET', path: `/tokens?token_ids=${id}`}, 'no token with this id');
		},
		create: async () => unsupported(context, 'create', `${mintInTheUi} tokenkit can list and revoke the result.`),
		update: async () => unsupported(context, 'update', 'Opal\'s API cannot change a token; create a new one in Opal\'s UI and revoke the old one.'),
		async delete(id, callOptions = {}) {
			await client.send({method: 'DELETE', path: `tokens/${encodeURIComponent(id)}`, signal: callOptions.signal});
		},
		rotate: async () => unsupported(
			context,
			'rotate',
			`${mintInTheUi} Create the replacement there, switch your systems to it, then revoke the old token`,
		),
	};
}

/** Every user a page of tokens names, as owner or as creator. */
function* peopleOf(page: readonly OpalToken[]): Generator<string, void, undefined> {
	for (const record of page) {
		yield record.user_id;
		yield record.creator_user_id;
	}
}

/**
The `next` cursor of a page body not yet validated, to send the next request early: a string, or null for
anything else. The page is validated right after; if it fails (its `next` included), the listing stops with
the field's path and the request already sent for its cursor is aborted.
*/
function peekNext(body: unknown): string | null {
	const next: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'next') : undefined;
	return typeof next === 'string' ? next : null;
}
