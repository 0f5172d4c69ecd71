import {readMintedAnswer} from '../../src/minted-answer.js';
import {markOneByHint, markOwnCredentialInPages} from '../../src/own-credential.js';
import type {CallOptions, MintedToken, RotateOptions, RotateResult} from '../../src/provider.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import {rotateByReplace} from '../../src/rotation/replace.js';
import type {Secret} from '../../src/secret.js';
import type {Token} from '../../src/token.js';
import {parseResponse} from '../../src/validate.js';
import type {OpenAIApi} from './api.js';
import {twinLifetime} from './lifetime.js';
import {maskEnds, openAIAdminKeyToToken, ownedByServiceAccount, type OpenAIPerson} from './map.js';
import type {OpenAIPeople} from './people.js';
import {openAIMaxPageSize} from './options.js';
import {listPages} from './pages.js';
import {openAIRotation} from './rotation.js';
import {OpenAIAdminKeyListSchema, OpenAIAdminKeySchema, type OpenAIAdminKey} from './schema.js';

const adminKeysPath = 'organization/admin_api_keys';

export interface AdminKeySettings {
	readonly api: OpenAIApi;
	readonly account: string;
	/** The key the provider authenticates with, to tell it among the admin keys by OpenAI's mask. */
	readonly credential: Secret;
	/** Null when owners are not looked up. */
	readonly people: OpenAIPeople | null;
}

/** The organization's admin keys: list, get, create, delete and rotate (`/organization/admin_api_keys`, [S]). */
export interface AdminKeyOperations {
	pages(signal: AbortSignal | undefined, pageSize: number): AsyncGenerator<Iterable<Token>, void, undefined>;
	get(keyId: string, options: CallOptions): Promise<Token>;
	create(name: string, options: CallOptions): Promise<MintedToken>;
	delete(keyId: string, options: CallOptions): Promise<void>;
	rotate(keyId: string, options: RotateOptions): Promise<RotateResult>;
}

/**
Which admin key is the credential OpenAI does not say: no route names the caller's key. Every key shows its mask
(`redacted_value`: a prefix and its last characters, [I]), and the credential's own head and tail are known, so the
one listed key whose mask fits the credential is it; when two fit, neither is marked (src/own-credential.ts).
*/
function credentialMatcher(credential: Secret): (token: Token) => boolean {
	return token => {
		const {raw} = token;
		const redacted: unknown = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'redacted_value') : undefined;
		const ends = maskEnds(typeof redacted === 'string' ? redacted : null);
		const key = credential.reveal();
		return ends !== null && key.length > ends.head.length + ends.tail.length && key.startsWith(ends.head) && key.endsWith(ends.tail);
	};
}

export function adminKeyOperations(settings: AdminKeySettings): AdminKeyOperations {
	const {api, account, people} = settings;
	const {context} = api;
	const keyPath = (keyId: string): string => `${adminKeysPath}/${encodeURIComponent(keyId)}`;
	const isCredential = credentialMatcher(settings.credential);

	/** The records as Tokens, their user owners looked up first (each once while fresh). */
	async function toTokens(records: readonly OpenAIAdminKey[], signal: AbortSignal | undefined): Promise<Token[]> {
		const userIds = records.flatMap(record => (record.owner?.id === undefined || ownedByServiceAccount(record) ? [] : [record.owner.id]));
		const personOf: (userId: string) => OpenAIPerson | undefined = people === null ? () => undefined : await people.lookUp(userIds, signal);
		return records.map(record => {
			const person = record.owner?.id === undefined ? undefined : personOf(record.owner.id);
			// Every token handed out is scrubbed of the secrets the run knows: a vendor may echo one in any field.
			return scrubToken(openAIAdminKeyToToken(record, account, {person}), api.redactor);
		});
	}

	async function read(keyId: string, signal: AbortSignal | undefined): Promise<OpenAIAdminKey> {
		return (await api.fetch(OpenAIAdminKeySchema, {method: 'GET', path: keyPath(keyId), signal})).data;
	}

	async function* unmarkedPages(signal: AbortSignal | undefined, pageSize = openAIMaxPageSize): AsyncGenerator<Iterable<Token>, void, undefined> {
		// Oldest first ([S]: `order` asc by creation), so a key made while the list is read comes at its end.
		for await (const records of listPages({api, path: adminKeysPath, schema: OpenAIAdminKeyListSchema, query: {order: 'asc'}, pageSize, signal, what: 'the admin keys'})) {
			yield toTokens(records, signal);
		}
	}

	/**
	Mints an admin key. The answer carries the key in `value`, once ([S]): the client registers it with the redactor
	as the answer is read (`mints`), and it is read first, so it is kept whatever else the answer lacks; `raw` never
	holds it. `retry: false` for a rotation's twin, which is sent once.
	*/
	async function mint(body: {readonly name: string; readonly expires_in_seconds?: number}, signal: AbortSignal | undefined, retry = true): Promise<MintedToken> {
		const response = await api.send({method: 'POST', path: adminKeysPath, json: body, signal, mints: 'value', retry});
		const minted = await readMintedAnswer({
			context,
			response,
			keyField: 'value',
			idField: 'id',
			fromAnswer(record) {
				const created: OpenAIAdminKey = {...parseResponse(OpenAIAdminKeySchema, {...response, body: record}, context, {idKey: 'id'})};
				// The whole key goes into the Secret only; `raw` must never hold it.
				delete created['value'];
				return openAIAdminKeyToToken(created, account);
			},
			readBack: async id => (await toTokens([await read(id, signal)], signal))[0] ?? never(),
		});
		return {...minted, token: scrubToken(minted.token, api.redactor)};
	}

	const own = {
		matches: isCredential,
		everyToken: async function * (signal: AbortSignal | undefined): AsyncGenerator<Token, void, undefined> {
			for await (const page of unmarkedPages(signal)) {
				yield * page;
			}
		},
	};

	return {
		pages: (signal, pageSize) => markOwnCredentialInPages(unmarkedPages(signal, pageSize), own.matches),
		async get(keyId, options) {
			const [token = never()] = await toTokens([await read(keyId, options.signal)], options.signal);
			return markOneByHint(token, own.matches, () => own.everyToken(options.signal), options.signal);
		},
		create: async (name, options) => mint({name}, options.signal),
		async delete(keyId, options) {
			await api.send({method: 'DELETE', path: keyPath(keyId), signal: options.signal});
		},
		async rotate(keyId, options) {
			const originals = new Map<string, OpenAIAdminKey>();
			return rotateByReplace(keyId, options, {
				async read(id, call) {
					const record = await read(id, call.signal);
					originals.set(record.id, record);
					const [token = never()] = await toTokens([record], call.signal);
					return token;
				},
				async createTwin(original, call) {
					const record = originals.get(original.id) ?? await read(original.id, call.signal);
					const lifetime = twinLifetime(record.created_at, record.expires_at);
					// The name is copied; an admin key's create needs one ([S]), so a nameless key's twin is named after it.
					const name = record.name === undefined || record.name === null || record.name === '' ? `rotated from ${record.id}` : record.name;
					return mint({name, ...(lifetime === null ? {} : {expires_in_seconds: lifetime})}, call.signal, openAIRotation.retrySafe);
				},
				async revoke(id, call) {
					await api.send({method: 'DELETE', path: keyPath(id), signal: call.signal});
				},
				now: Date.now,
				context,
				name: openAIRotation.name,
			});
		},
	};
}

function never(): never {
	throw new Error('unreachable: one record maps to one token');
}
