import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import {flattenPages} from '../../src/flatten-pages.js';
import type {HttpResponse} from '../../src/http/client.js';
import {mapEach} from '../../src/map-each.js';
import {cursorPages} from '../../src/paginate.js';
import type {CallOptions, ListOptions, TokenProvider} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import type {Token} from '../../src/token.js';
import {unsupported} from '../../src/unsupported.js';
import type {OktaApi} from './api.js';
import {oktaApiTokenToToken, windowMs} from './map.js';
import {allowedIpsOf, zonesToRead} from './network.js';
import {createOktaPeople, unresolvedPerson, type OktaPerson} from './people.js';
import {OktaApiTokenListSchema, OktaApiTokenSchema, OktaUserSchema, type OktaApiToken} from './schema.js';
import type {OktaUpdateTokenInput} from './types.js';
import {checkNetworkChange} from './network-change.js';
import {createOktaZones} from './zones.js';

/** Where to make a new API token, since Okta's API cannot (docs/vendors/okta.md, endpoints [S] and [D]). */
export const oktaMintInConsole = 'Okta\'s API cannot create or rotate API tokens: create a new one in the Admin Console (Security › API › Tokens › Create token; its value is shown once), switch your systems to it';

/**
How close to the listing answer's `Date` the own credential's last use must be, in milliseconds. Okta's times
are whole seconds and the use is recorded as the request arrives, before the answer is dated ([I]).
*/
const ownUseBefore = 5000;
const ownUseAfter = 1000;

export type OktaApiTokenOperations = Pick<TokenProvider, 'list' | 'get' | 'create' | 'delete' | 'rotate'> & {
	update(id: string, change: OktaUpdateTokenInput, options?: CallOptions): Promise<Token>;
};

export interface OktaApiTokenSettings {
	readonly account: string;
	readonly context: ErrorContext;
	readonly resolveOwners: boolean;
	/** Whether the credential is an API token, so that the own one can be told among those listed. */
	readonly credentialIsApiToken: boolean;
}

/**
The org's SSWS API tokens (docs/vendors/okta.md, endpoints [S]): list, get, revoke, and a change of the network
condition; no create and no rotate. Each owner is looked up once per provider while fresh, with their roles;
each zone a condition names, likewise.

Which token is tokenkit's own credential Okta does not say. It can be told this way ([I]): the caller is
`GET /api/v1/users/me`, and every use moves a token's `expiresAt` on, so among the caller's tokens the one used
just now, by the listing itself, is the credential. When two of the caller's tokens were used in that moment, neither
is marked (tokenkit cannot tell which), and `get` marks a token of the caller used in that moment.
*/
export function oktaApiTokenOperations(api: OktaApi, settings: OktaApiTokenSettings): OktaApiTokenOperations {
	const {account, context} = settings;
	const people = createOktaPeople(api);
	const zones = createOktaZones(api);
	let caller: Promise<string | null> | undefined;
	const tokenPath = (id: string): string => `api/v1/api-tokens/${encodeURIComponent(checkId(id, context))}`;

	/** The id of the user the credential acts as; null when it cannot be told (then no token is marked as the credential). */
	async function callerId(signal: AbortSignal | undefined): Promise<string | null> {
		if (!settings.credentialIsApiToken) {
			return null;
		}

		caller ??= api.fetch(OktaUserSchema, {method: 'GET', path: 'api/v1/users/me', signal}).then(({data}) => data.id, () => null);
		const id = await caller;
		if (id === null) {
			caller = undefined;
		}

		return id;
	}

	/** The records among `records` the caller used at `at` (Okta's time of an answer): the credential, when there is one. */
	function usedAt(records: readonly OktaApiToken[], at: number, me: string | null): OktaApiToken[] {
		if (me === null) {
			return [];
		}

		return records.filter(record => {
			if (record.userId !== me || record.expiresAt === undefined) {
				return false;
			}

			const used = Date.parse(record.expiresAt) - windowMs(record.tokenWindow);
			return used >= at - ownUseBefore && used <= at + ownUseAfter;
		});
	}

	/** One page of records as Tokens, their owners, roles and zones looked up first. */
	async function toTokens(records: readonly OktaApiToken[], ownId: string | null, signal: AbortSignal | undefined): Promise<Iterable<Token>> {
		const personOf = settings.resolveOwners
			? await people.lookUp(records.flatMap(record => (record.userId === undefined ? [] : [record.userId])), signal)
			: unresolvedPerson;
		const zoneOf = settings.resolveOwners ? await zones.lookUp(records.flatMap(record => zonesToRead(record.network)), signal) : () => ({kind: 'unreadable'} as const);
		return mapEach(records, record => {
			const person: OktaPerson | undefined = record.userId === undefined ? undefined : personOf(record.userId);
			const token = oktaApiTokenToToken(record, account, {person, allowedIps: allowedIpsOf(record.network, zoneOf), ownCredential: record.id === ownId});
			// Every token handed out is scrubbed of the secrets the run knows: a vendor may echo one in any field.
			return scrubToken(token, api.redactor);
		});
	}

	async function* listPages(options: ListOptions): AsyncGenerator<Iterable<Token>, void, undefined> {
		// Okta's list takes no page size today (docs/vendors/okta.md, pagination [S]); `limit` is not sent, and
		// `rel="next"` is followed whenever an answer names one.
		const pages = cursorPages({
			context,
			idOf: (entry: DatedRecord) => entry.record.id,
			signal: options.signal,
			fetchPage: async (cursor, signal) => {
				const request = cursor === null ? {method: 'GET' as const, path: listPath, signal} : api.pageRequest(cursor, signal);
				const {data, response} = await api.fetch(OktaApiTokenListSchema, request);
				const at = answerTime(response);
				return {items: data.map(record => ({record, at})), next: api.nextLink(response)};
			},
		});
		for await (const page of pages) {
			const records = page.map(entry => entry.record);
			const own = usedAt(records, page[0]?.at ?? Date.now(), await callerId(options.signal));
			yield toTokens(records, own.length === 1 ? own[0]?.id ?? null : null, options.signal);
		}
	}

	async function read(id: string, signal: AbortSignal | undefined): Promise<Token> {
		const {data, response} = await api.fetch(OktaApiTokenSchema, {method: 'GET', path: tokenPath(id), signal});
		const own = usedAt([data], answerTime(response), await callerId(signal));
		const [token] = await toTokens([data], own.length === 1 ? data.id : null, signal);
		return token ?? never();
	}

	return {
		list: (options = {}) => flattenPages(listPages(options)),
		get: async (id, options = {}) => read(id, options.signal),
		create: async () => unsupported(context, 'create', `${oktaMintInConsole}. tokenkit can then list it, set its network condition and revoke it.`),
		async update(id, change, options = {}) {
			const network = checkNetworkChange(change, context);
			// Every zone named must be one tokenkit can read: a condition it cannot check is not set.
			for (const [index, zoneId] of [...(network.include ?? []), ...(network.exclude ?? [])].entries()) {
				const field = index < (network.include?.length ?? 0) ? `network.include[${index}]` : `network.exclude[${index - (network.include?.length ?? 0)}]`;
				const {view, problem} = await zones.check(zoneId, options.signal);
				if (view.kind === 'unreadable') {
					throw new ConfigError(`field "${field}": network zone "${zoneId}" cannot be read (${problem ?? 'unknown'}); check the zone id, and that the credential may read zones (okta.networkZones.read)`, context);
				}
			}

			const path = tokenPath(id);
			const {data: current} = await api.fetch(OktaApiTokenSchema, {method: 'GET', path, signal: options.signal});
			// The full current object with the new condition, as Okta's own clients send it: only the condition changes
			// (docs/vendors/okta.md, endpoints [D] and [I]).
			const body = {
				name: current.name,
				...(current.userId === undefined ? {} : {userId: current.userId}),
				...(current.clientName === undefined ? {} : {clientName: current.clientName}),
				...(current.created === undefined ? {} : {created: current.created}),
				network,
			};
			const {data} = await api.fetch(OktaApiTokenSchema, {method: 'PUT', path, json: body, signal: options.signal});
			const [token] = await toTokens([data], null, options.signal);
			return token ?? never();
		},
		async delete(id, options = {}) {
			await api.send({method: 'DELETE', path: tokenPath(id), signal: options.signal});
		},
		rotate: async id => unsupported(context, 'rotate', `${oktaMintInConsole}, then revoke the old token with: tokenkit revoke okta:${account}:${id}`),
	};
}

const listPath = 'api/v1/api-tokens';

/** A listed record and when Okta answered with it. */
interface DatedRecord {
	readonly record: OktaApiToken;
	readonly at: number;
}

/** Okta's clock at an answer, from its `Date` header; this machine's when the header is missing or unreadable. */
function answerTime(response: HttpResponse): number {
	const dated = Date.parse(response.headers.get('date') ?? '');
	return Number.isNaN(dated) ? Date.now() : dated;
}

function checkId(id: string, context: ErrorContext): string {
	if (typeof id !== 'string' || id.trim() === '' || id.includes('/')) {
		throw new ConfigError(`an API token id is one path segment such as 00T1a2b3c4d5e6f7g8h9; got "${id.slice(0, 60)}"`, context);
	}

	return id;
}

function never(): never {
	throw new Error('unreachable: a page of one record maps to one token');
}
