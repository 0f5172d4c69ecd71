import {ConfigError, NotFoundError, type ErrorContext} from '../../src/errors/index.js';
import {flattenPages} from '../../src/flatten-pages.js';
import {readMintedAnswer, unreadToken} from '../../src/minted-answer.js';
import {cursorPages} from '../../src/paginate.js';
import type {CallOptions, TokenProvider} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {rotateByReplace} from '../../src/rotation/replace.js';
import type {Token} from '../../src/token.js';
import {unsupported} from '../../src/unsupported.js';
import {parseResponse} from '../../src/validate.js';
import type {OktaApi} from './api.js';
import {lookupConcurrency} from '../../src/lookup-cache.js';
import {clientSecretId, oktaClientSecretToToken} from './map.js';
import {oktaClientSecretRotation} from './rotation.js';
import {OktaAppListSchema, OktaAppSchema, OktaClientSecretListSchema, OktaClientSecretSchema, type OktaApp, type OktaClientSecret} from './schema.js';

/** Okta's limit of client secrets per OAuth client (docs/vendors/okta.md, client secrets [S]). */
export const oktaMaxClientSecrets = 2;

/** The largest `limit` of Okta's apps list (docs/vendors/okta.md, pagination [S]). */
export const oktaMaxAppsPage = 200;

/** The sign-on mode of an OAuth 2.0 / OpenID Connect app: the only apps with client secrets. */
const oauthSignOnMode = 'OPENID_CONNECT';

/**
The client secrets of the org's OAuth 2.0 apps: list (every OpenID Connect app, paged by `Link: rel="next"`, then
each app's secrets), get, revoke (deactivate, then delete, as Okta requires: an active secret cannot be deleted)
and rotate the way Okta documents it (rotation.ts): a second secret, handed over, then the old one deactivated
and deleted, or left to the caller for a grace period. No create or update: a new secret belongs to a
rotation. A token's id is `<appId>/<secretId>`.

A secret's value never stays anywhere but in a Secret: every `client_secret` an answer carries (a created one,
or one a list or an app record may show) is registered with the redactor as soon as it is read, and `raw` leaves
it out.
*/
export function oktaClientSecretOperations(api: OktaApi, account: string): Pick<TokenProvider, 'list' | 'get' | 'create' | 'update' | 'delete' | 'rotate'> {
	const {context} = api;
	const secretsPath = (appId: string): string => `api/v1/apps/${encodeURIComponent(appId)}/credentials/secrets`;
	const secretPath = (appId: string, secretId: string): string => `${secretsPath(appId)}/${encodeURIComponent(secretId)}`;
	const toToken = (record: OktaClientSecret, app: OktaApp): Token => scrubToken(oktaClientSecretToToken(record, app, account), api.redactor);

	/** Whatever secret value an answer holds goes to the redactor before anything else reads it. */
	function remember(value: string | undefined): void {
		if (value !== undefined && value.length >= 8) {
			api.redactor.add(value);
		}
	}

	async function readApp(appId: string, signal: AbortSignal | undefined): Promise<OktaApp> {
		const {data} = await api.fetch(OktaAppSchema, {method: 'GET', path: `api/v1/apps/${encodeURIComponent(appId)}`, signal});
		remember(data.credentials?.oauthClient?.client_secret);
		return data;
	}

	async function readSecrets(appId: string, signal: AbortSignal | undefined): Promise<OktaClientSecret[]> {
		const {data} = await api.fetch(OktaClientSecretListSchema, {method: 'GET', path: secretsPath(appId), signal});
		for (const record of data) {
			remember(record.client_secret);
		}

		return data;
	}

	async function readSecret(appId: string, secretId: string, signal: AbortSignal | undefined): Promise<OktaClientSecret> {
		const {data} = await api.fetch(OktaClientSecretSchema, {method: 'GET', path: secretPath(appId, secretId), signal});
		remember(data.client_secret);
		return data;
	}

	async function get(id: string, options: CallOptions = {}): Promise<Token> {
		const {appId, secretId} = parseId(id, context);
		const app = await readApp(appId, options.signal);
		return toToken(await readSecret(appId, secretId, options.signal), app);
	}

	/** Deactivates the secret if it is active, then deletes it: Okta refuses to delete an active one ([S]). */
	async function revoke(id: string, options: CallOptions = {}): Promise<void> {
		const {appId, secretId} = parseId(id, context);
		const secrets = await readSecrets(appId, options.signal);
		const secret = secrets.find(record => record.id === secretId);
		if (secret === undefined) {
			// Asked for alone, so that a missing one is Okta's own 404.
			await readSecret(appId, secretId, options.signal);
		}

		if (secret?.status !== 'INACTIVE') {
			const othersActive = secrets.filter(record => record.id !== secretId && record.status !== 'INACTIVE');
			if (secret !== undefined && othersActive.length === 0) {
				throw new ConfigError(`client secret ${id} is the only active secret of its client, and Okta refuses to deactivate it: rotate it (tokenkit rotate okta:${account}:${id}) instead of revoking it`, context);
			}

			// Deactivating twice changes nothing, so a lost answer may be asked again.
			await api.send({method: 'POST', path: `${secretPath(appId, secretId)}/lifecycle/deactivate`, signal: options.signal, idempotent: true});
		}

		await api.send({method: 'DELETE', path: secretPath(appId, secretId), signal: options.signal});
	}

	/** Pages of the org's apps, following `Link: rel="next"`; each page's OpenID Connect apps with their secrets. */
	async function* listPages(signal: AbortSignal | undefined): AsyncGenerator<Iterable<Token>, void, undefined> {
		const pages = cursorPages({
			context,
			idOf: (app: OktaApp) => app.id,
			signal,
			fetchPage: async (cursor, pageSignal) => {
				const request = cursor === null
					? {method: 'GET' as const, path: 'api/v1/apps', query: {limit: oktaMaxAppsPage}, signal: pageSignal}
					: api.pageRequest(cursor, pageSignal);
				const {data, response} = await api.fetch(OktaAppListSchema, request);
				for (const app of data) {
					remember(app.credentials?.oauthClient?.client_secret);
				}

				return {items: data, next: api.nextLink(response)};
			},
		});
		for await (const apps of pages) {
			const clients = apps.filter(app => app.signOnMode === oauthSignOnMode);
			const found = new Map<string, OktaClientSecret[]>();
			let next = 0;
			const worker = async (): Promise<void> => {
				while (next < clients.length) {
					const app = clients[next++];
					if (app !== undefined) {
						found.set(app.id, await readSecrets(app.id, signal).catch((error: unknown) => {
							// An app deleted since the apps page was read has no secrets left to list.
							if (error instanceof NotFoundError) {
								return [];
							}

							throw error;
						}));
					}
				}
			};

			await Promise.all(Array.from({length: Math.min(lookupConcurrency, clients.length)}, worker));
			yield clients.flatMap(app => (found.get(app.id) ?? []).map(record => toToken(record, app)));
		}
	}

	return {
		list: (options = {}) => flattenPages(listPages(options.signal)),
		get,
		create: async () => unsupported(context, 'create', 'a new client secret is made by rotating an existing one (tokenkit rotate), which keeps to Okta\'s two secrets per client; an app\'s first secret comes with the app.'),
		update: async () => unsupported(context, 'update', 'a client secret has nothing to change but its status: revoke (deactivate and delete) it, or rotate it.'),
		delete: revoke,
		async rotate(id, options = {}) {
			const {appId, secretId} = parseId(id, context);
			const apps = new Map<string, OktaApp>();
			return rotateByReplace(id, options, {
				async read(_tokenId, call) {
					const app = await readApp(appId, call.signal);
					apps.set(appId, app);
					return toToken(await readSecret(appId, secretId, call.signal), app);
				},
				async createTwin(_original, call) {
					const app = apps.get(appId) ?? await readApp(appId, call.signal);
					const secrets = await readSecrets(appId, call.signal);
					if (secrets.length >= oktaMaxClientSecrets) {
						// Refused before the create: Okta would refuse it anyway, with a generic 400.
						const others = secrets.filter(record => record.id !== secretId).map(record => `${clientSecretId(appId, record.id)} (${record.status ?? 'ACTIVE'})`);
						throw new ConfigError(`field "id": client ${app.credentials?.oauthClient?.client_id ?? appId} already has ${secrets.length} client secrets, Okta's limit per client, so a new one cannot be created beside ${id}. Revoke the other one first (${others.join(', ')}: tokenkit revoke okta:${account}:<id>), or rotate that one instead`, context);
					}

					const response = await api.send({method: 'POST', path: secretsPath(appId), json: {}, signal: call.signal, mints: 'client_secret', retry: oktaClientSecretRotation.retrySafe});
					return readMintedAnswer({
						context,
						response,
						keyField: 'client_secret',
						idField: 'id',
						fromAnswer: record => toToken(parseResponse(OktaClientSecretSchema, {...response, body: record}, context, {idKey: 'id'}), app),
						readBack: async newId => toToken(await readSecret(appId, newId, call.signal), app),
						fallback: (newId, answered) => answered ?? unreadToken(context, clientSecretId(appId, newId)),
					});
				},
				revoke: async (tokenId, call) => revoke(tokenId, call),
				now: Date.now,
				context,
				name: oktaClientSecretRotation.name,
			});
		},
	};
}

/** `<appId>/<secretId>`, each one path segment; anything else is a ConfigError before any request. */
function parseId(id: string, context: ErrorContext): {appId: string; secretId: string} {
	const parts = typeof id === 'string' ? id.split('/') : [];
	const [appId, secretId] = parts;
	if (parts.length !== 2 || appId === undefined || secretId === undefined || appId.trim() === '' || secretId.trim() === '') {
		throw new ConfigError(`a client secret id is <appId>/<secretId>, e.g. 0oa1b2c3d4e5f6g7h8i9/ocs2f4zrZbs8nUa7p0g4; got "${typeof id === 'string' ? id.slice(0, 80) : typeof id}"`, context);
	}

	return {appId, secretId};
}
