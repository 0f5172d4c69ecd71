import * as v from 'valibot';
import {ConfigError, NetworkError, ServerError, UnsupportedOperationError} from '../../src/errors/index.js';
import {readMintedAnswer} from '../../src/minted-answer.js';
import type {CreateTokenInput, MintedToken} from '../../src/provider.js';
import type {Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import type {DatadogAccount} from './account.js';
import {explainMissing, explainRefusal} from './api.js';
import {keyField} from './caller.js';
import {twinRefusal} from './capabilities.js';
import {accessTokenToToken, apiKeyToToken, applicationKeyToToken, type DatadogPerson} from './map.js';
import {readToken} from './reading.js';
import {datadogRotation} from './rotation.js';
import {DatadogAccessTokenSchema, DatadogApiKeySchema, DatadogApplicationKeySchema, singleSchema} from './schema.js';
import {parseTokenId, type DatadogTokenAddress} from './token-id.js';

/** What to mint: Datadog's kinds of key. */
export type DatadogMintType = 'api-key' | 'application-key' | 'access-token';

/** A key to mint at Datadog. Privileges are scopes (`{role: 'dashboards_read', scope: 'org', resource: null}`). */
export interface DatadogCreateTokenInput extends CreateTokenInput {
	/**
	An API key (no scopes), an application key (scoped by `privileges`, or with all of its owner's access when none are
	given), or an access token (at least one scope; an expiry).
	@default 'application-key'
	*/
	readonly type?: DatadogMintType | undefined;
	/**
	The service account (its user id) to mint an application key or access token for. Without it the key is the
	caller's own (an application key through `/current_user`, or a personal access token).
	*/
	readonly serviceAccount?: string | undefined;
	/**
	When an access token stops working: for a personal access token Datadog requires 24 hours to a year ahead; a
	service access token may have none (null). Ignored by nothing: given for a key, it is a ConfigError.
	@default a year after creation
	*/
	readonly expiresAt?: Date | null | undefined;
}

/** One mint request: where it goes, what it says, and where the key it makes lives. */
interface MintTarget {
	readonly path: string;
	readonly type: string;
	readonly attributes: Readonly<Record<string, unknown>>;
	readonly address: (id: string) => DatadogTokenAddress;
	/** The user the new key acts as or was made by, for its token; null when none is known. */
	readonly ownerId: string | null;
	readonly name: string;
}

const day = 86_400_000;

/** Datadog's longest access-token lifetime (docs/vendors/datadog.md, schemas [S+][D]: a personal one at most a year ahead). */
export const longestTokenLifetimeMs = 365 * day;

/** A personal access token must expire at least 24 hours ahead [S+]; an hour more, so the clock of the request cannot fall short. */
const shortestTokenLifetimeMs = 25 * 3_600_000;

/** Mints a key for `input` (the library's create). */
export async function createKey(account: DatadogAccount, input: DatadogCreateTokenInput, signal: AbortSignal | undefined): Promise<MintedToken> {
	const target = await createTarget(account, input, signal);
	return mint(account, target, {signal, retry: true, lost: `a key named "${input.name}" may have been created without its secret reaching tokenkit; list the keys and delete it if so`});
}

/**
The twin of `original` (a rotation): the same name, and the same scopes, category and remote-config flag; an access
token's twin gets the old one's lifetime (never more than a year), and one that had no expiry gets a year, so no
rotation leaves a token that never expires. Refused, with what to do instead, where Datadog's API cannot mint it
(capabilities.ts). Sent once: a create is not idempotent.
*/
export async function mintTwin(account: DatadogAccount, original: Token, signal: AbortSignal | undefined): Promise<MintedToken> {
	const refusal = twinRefusal(original, await account.caller(signal));
	if (refusal !== null) {
		throw new UnsupportedOperationError({...account.context, operation: 'rotate', alternative: refusal});
	}

	const target = twinTarget(account, original, parseTokenId(original.id, account.context));
	return mint(account, target, {signal, retry: datadogRotation.retrySafe, lost: `a twin of ${original.id} named "${original.name}" may have been created without its secret reaching tokenkit; the old key works as before`});
}

async function createTarget(account: DatadogAccount, input: DatadogCreateTokenInput, signal: AbortSignal | undefined): Promise<MintTarget> {
	const {context} = account;
	const type: string = input.type ?? 'application-key';
	if (typeof input.name !== 'string' || input.name.trim() === '') {
		throw new ConfigError('name: a Datadog key needs a name', context);
	}

	if (input.description !== undefined && input.description !== '') {
		throw new ConfigError('description: Datadog keys have no description; put what the key is for in its name', context);
	}

	if (input.allowedIps !== undefined && input.allowedIps.length > 0) {
		throw new ConfigError('allowedIps: a Datadog key has no IP allow-list of its own; Datadog\'s IP allowlist is set for the whole org (Organization Settings › IP Allowlist)', context);
	}

	const serviceAccount = input.serviceAccount === undefined ? null : checkServiceAccount(input.serviceAccount, account);
	const scopes = input.privileges?.map(privilege => privilege.role) ?? null;
	if (input.kind === 'service' && serviceAccount === null) {
		throw new ConfigError('kind: a service key is minted for a service account: give serviceAccount (its user id)', context);
	}

	switch (type) {
		case 'api-key': {
			if (scopes !== null || serviceAccount !== null || input.expiresAt !== undefined) {
				throw new ConfigError('type api-key: an API key belongs to the org and has no scopes, service account or expiry (privileges, serviceAccount and expiresAt are for application keys and access tokens)', context);
			}

			return {path: 'api/v2/api_keys', type: 'api_keys', attributes: {name: input.name}, address: id => ({kind: 'api-key', id}), ownerId: await account.caller(signal), name: input.name};
		}

		case 'application-key': {
			if (input.expiresAt !== undefined) {
				throw new ConfigError('expiresAt: Datadog application keys never expire; an access token (type access-token) can', context);
			}

			return {
				...applicationKeyDestination(serviceAccount, await account.caller(signal)),
				type: 'application_keys',
				attributes: {name: input.name, ...(scopes === null ? {} : {scopes})},
				name: input.name,
			};
		}

		case 'access-token': {
			if (scopes === null || scopes.length === 0) {
				throw new ConfigError('privileges: a Datadog access token needs at least one scope, e.g. [{role: \'dashboards_read\', scope: \'org\', resource: null}]', context);
			}

			const expiresAt = input.expiresAt === undefined ? new Date(account.now() + longestTokenLifetimeMs) : input.expiresAt;
			if (expiresAt === null && serviceAccount === null) {
				throw new ConfigError('expiresAt: Datadog requires an expiry for a personal access token, 24 hours to a year ahead', context);
			}

			if (expiresAt !== null) {
				checkExpiry(expiresAt, account);
			}

			return {
				...accessTokenDestination(serviceAccount, await account.caller(signal)),
				attributes: {name: input.name, scopes, ...(expiresAt === null ? {} : {expires_at: expiresAt.toISOString()})},
				name: input.name,
			};
		}

		default: {
			throw new ConfigError(`type: ${JSON.stringify(type.slice(0, 40))} is not a kind of Datadog key; give api-key, application-key or access-token`, context);
		}
	}
}

function twinTarget(account: DatadogAccount, original: Token, address: DatadogTokenAddress): MintTarget {
	// The twin keeps the name. An old doc says API key names are unique [D]; the current API takes a duplicate [I], and a
	// suffix renamed afterwards would leave a wrong name behind whenever that rename failed. Were a duplicate refused,
	// the create fails before any key exists, and nothing was changed.
	const name = original.name;
	switch (address.kind) {
		case 'api-key': {
			const record = v.parse(DatadogApiKeySchema, original.raw);
			const {category, remote_config_read_enabled: remoteConfig} = record.attributes;
			return {
				path: 'api/v2/api_keys',
				type: 'api_keys',
				attributes: {name, ...(category === undefined ? {} : {category}), ...(remoteConfig === undefined ? {} : {remote_config_read_enabled: remoteConfig})},
				address: id => ({kind: 'api-key', id}),
				ownerId: account.knownCaller() ?? null,
				name,
			};
		}

		case 'application-key': {
			const {scopes} = v.parse(DatadogApplicationKeySchema, original.raw).attributes;
			// A service account's key goes to that service account; the caller's own to `/current_user` (twinRefusal let only these through).
			const serviceAccount = address.serviceAccount ?? (original.kind === 'service' ? original.owner?.id ?? null : null);
			return {
				...applicationKeyDestination(serviceAccount, account.knownCaller() ?? null),
				type: 'application_keys',
				attributes: {name, ...(scopes === null || scopes === undefined ? {} : {scopes: [...scopes]})},
				name,
			};
		}

		case 'personal-access-token':
		case 'service-access-token': {
			const {scopes} = v.parse(DatadogAccessTokenSchema, original.raw).attributes;
			const serviceAccount = address.kind === 'service-access-token' ? address.serviceAccount : null;
			return {
				...accessTokenDestination(serviceAccount, account.knownCaller() ?? null),
				attributes: {name, scopes: [...(scopes ?? [])], expires_at: new Date(account.now() + twinLifetime(original)).toISOString()},
				name,
			};
		}
	}
}

/** The old token's lifetime, from a day and an hour to a year; a year when it had no expiry or no known start. */
export function twinLifetime(original: Token): number {
	if (original.expiresAt === null || original.createdAt === null) {
		return longestTokenLifetimeMs;
	}

	const lifetime = original.expiresAt.getTime() - original.createdAt.getTime();
	return Math.min(longestTokenLifetimeMs, Math.max(shortestTokenLifetimeMs, lifetime));
}

function applicationKeyDestination(serviceAccount: string | null, caller: string | null): Pick<MintTarget, 'path' | 'address' | 'ownerId'> {
	return serviceAccount === null
		? {path: 'api/v2/current_user/application_keys', address: id => ({kind: 'application-key', id, serviceAccount: null}), ownerId: caller}
		: {path: `api/v2/service_accounts/${encodeURIComponent(serviceAccount)}/application_keys`, address: id => ({kind: 'application-key', id, serviceAccount}), ownerId: serviceAccount};
}

function accessTokenDestination(serviceAccount: string | null, caller: string | null): Pick<MintTarget, 'path' | 'type' | 'address' | 'ownerId'> {
	return serviceAccount === null
		? {path: 'api/v2/personal_access_tokens', type: 'personal_access_tokens', address: id => ({kind: 'personal-access-token', id}), ownerId: caller}
		: {path: `api/v2/service_accounts/${encodeURIComponent(serviceAccount)}/access_tokens`, type: 'service_access_tokens', address: id => ({kind: 'service-access-token', id, serviceAccount}), ownerId: serviceAccount};
}

/**
Sends one mint and reads its answer key first (src/minted-answer.ts): the key is registered with the redactor as the
answer is read (`mints`), kept in a Secret whatever else the answer lacks, and the token is read from the answer,
else read back by the id the answer gave.
*/
async function mint(account: DatadogAccount, target: MintTarget, how: {readonly signal: AbortSignal | undefined; readonly retry: boolean; readonly lost: string}): Promise<MintedToken> {
	const {api, context} = account;
	const {signal} = how;
	// Looked up before the key exists, so that reading the answer needs no request that could fail.
	const person = target.ownerId === null ? null : (await account.people([target.ownerId], signal))(target.ownerId);
	const response = await api.send({method: 'POST', path: target.path, json: {data: {type: target.type, attributes: target.attributes}}, signal, mints: keyField, idempotent: false, ...(how.retry ? {} : {retry: false})})
		.catch((error: unknown) => {
			throw mintProblem(error, target, how.lost);
		});
	// The key and the id lie in the JSON:API envelope; they are read from it before anything else, whatever else it lacks.
	const data = fieldOf(response.body, 'data');
	const attributes = fieldOf(data, 'attributes');
	const minted = await readMintedAnswer({
		context,
		response,
		body: {key: fieldOf(attributes, 'key'), id: fieldOf(data, 'id')},
		keyField: 'key',
		idField: 'id',
		fromAnswer: () => tokenFromAnswer(account, response, target, person),
		readBack: async id => readToken(account, target.address(id), signal),
	});
	return {...minted, token: account.scrub(minted.token)};
}

function tokenFromAnswer(account: DatadogAccount, response: Parameters<typeof parseResponse>[1], target: MintTarget, person: DatadogPerson | null): Token {
	const {context} = account;
	switch (target.type) {
		case 'api_keys': {
			const {data} = parseResponse(singleSchema(DatadogApiKeySchema), response, context, {idKey: 'id'});
			return apiKeyToToken(data, person, account.account);
		}

		case 'application_keys': {
			const {data} = parseResponse(singleSchema(DatadogApplicationKeySchema), response, context, {idKey: 'id'});
			const address = target.address(data.id);
			return applicationKeyToToken(data, address.kind === 'application-key' ? address.serviceAccount : null, person, account.account);
		}

		default: {
			const {data} = parseResponse(singleSchema(DatadogAccessTokenSchema), response, context, {idKey: 'id'});
			return accessTokenToToken(data, target.address(data.id), person, account.account);
		}
	}
}

/**
A mint Datadog refused says what it wanted; one whose answer was lost (a cut connection, a timeout, a 5xx) may have
made a key, and the HTTP client rightly did not send it again: the error keeps its class and says so.
*/
function mintProblem(error: unknown, target: MintTarget, lost: string): unknown {
	if (error instanceof NetworkError && !error.notSent) {
		return new NetworkError({provider: error.provider, account: error.account, method: error.method, path: error.path, reason: `${error.reason}; ${lost}`, notSent: false}, {cause: error});
	}

	if (error instanceof ServerError) {
		return new ServerError(error.details, lost, {cause: error});
	}

	const forServiceAccount = target.path.includes('/service_accounts/');
	const permission = target.type === 'api_keys' ? 'api_keys_write' : forServiceAccount ? 'service_account_write' : 'user_app_keys';
	const refused = explainRefusal(error, permission, '');
	return forServiceAccount ? explainMissing(refused, 'serviceAccount: Datadog has no such service account in this org') : refused;
}

function checkServiceAccount(id: string, account: DatadogAccount): string {
	if (!/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i.test(id)) {
		throw new ConfigError('serviceAccount: not a service account id (a UUID, from the service account\'s page in Organization Settings)', account.context);
	}

	return id;
}

function checkExpiry(expiresAt: Date, account: DatadogAccount): void {
	const ahead = expiresAt.getTime() - account.now();
	if (!Number.isFinite(ahead) || ahead < 24 * 3_600_000 || ahead > longestTokenLifetimeMs) {
		throw new ConfigError('expiresAt: a Datadog access token expires 24 hours to a year ahead', account.context);
	}
}

function fieldOf(value: unknown, field: string): unknown {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? Reflect.get(value, field) : undefined;
}
