import {flattenPages} from '../../src/flatten-pages.js';
import {markOneByHint} from '../../src/own-credential.js';
import type {Token} from '../../src/token.js';
import type {DatadogAccount} from './account.js';
import {explainRefusal} from './api.js';
import {keyField} from './caller.js';
import {apiKeyPages, applicationKeyPages, applicationKeys, accessTokens, isOwnApplicationKey} from './listing.js';
import {apiKeyToToken} from './map.js';
import {DatadogAccessTokenSchema, DatadogApiKeySchema, DatadogApplicationKeySchema, singleSchema, type DatadogAccessToken, type DatadogApiKey, type DatadogApplicationKey} from './schema.js';
import {tokenPath, type DatadogTokenAddress} from './token-id.js';

/** One key as Datadog sent it (its key cut out of what is kept) and as a token. */
export type DatadogRecord =
	| {readonly kind: 'api-key'; readonly record: DatadogApiKey}
	| {readonly kind: 'application-key'; readonly record: DatadogApplicationKey}
	| {readonly kind: 'access-token'; readonly record: DatadogAccessToken};

const ApiKeyAnswer = singleSchema(DatadogApiKeySchema);
const ApplicationKeyAnswer = singleSchema(DatadogApplicationKeySchema);
const AccessTokenAnswer = singleSchema(DatadogAccessTokenSchema);

/**
Reads one key by its address. A single key's answer carries the whole key for API keys, and for application keys
outside One-Time-Read orgs (docs/vendors/datadog.md, gotchas [D]): the client registers it with the redactor as the
answer is read (`mints`), and the mapping leaves it out of `raw`.
*/
export async function readRecord(account: DatadogAccount, address: DatadogTokenAddress, signal: AbortSignal | undefined): Promise<DatadogRecord> {
	const request = {method: 'GET', path: tokenPath(address), signal, mints: keyField} as const;
	switch (address.kind) {
		case 'api-key': {
			const {data} = await account.api.fetch(ApiKeyAnswer, request).catch((error: unknown) => {
				throw explainRefusal(error, 'api_keys_read', '');
			});
			return {kind: 'api-key', record: data.data};
		}

		case 'application-key': {
			const {data} = await account.api.fetch(ApplicationKeyAnswer, request).catch((error: unknown) => {
				throw explainRefusal(error, address.serviceAccount === null ? 'org_app_keys_read' : 'service_account_write', '');
			});
			return {kind: 'application-key', record: data.data};
		}

		case 'personal-access-token':
		case 'service-access-token': {
			const {data} = await account.api.fetch(AccessTokenAnswer, request).catch((error: unknown) => {
				throw explainRefusal(error, address.kind === 'personal-access-token' ? 'org_app_keys_read' : 'service_account_write', '');
			});
			return {kind: 'access-token', record: data.data};
		}
	}
}

/** A record as a token, its owner or creator looked up. */
export async function recordToToken(account: DatadogAccount, address: DatadogTokenAddress, read: DatadogRecord, signal: AbortSignal | undefined): Promise<Token> {
	switch (read.kind) {
		case 'api-key': {
			const creator = read.record.relationships?.created_by?.data?.id;
			const person = await account.people(creator === undefined ? [] : [creator], signal);
			return account.scrub(apiKeyToToken(read.record, creator === undefined ? null : person(creator), account.account));
		}

		case 'application-key': {
			const [token] = await applicationKeys(account, [read.record], address.kind === 'application-key' ? address.serviceAccount : null, signal);
			return token ?? missing();
		}

		case 'access-token': {
			const [token] = await accessTokens(account, [read.record], address.kind === 'service-access-token' ? address.serviceAccount : null, signal);
			return token ?? missing();
		}
	}
}

/**
One key as a token, marked when it is the credential: a key showing the credential's last four counts only when no
other key of its kind does (src/own-credential.ts), so only then is its kind listed. The caller is learned too,
so what the vendor allows for this token (Capabilities.forToken) is known when a plan asks.
*/
export async function readToken(account: DatadogAccount, address: DatadogTokenAddress, signal: AbortSignal | undefined): Promise<Token> {
	const read = await readRecord(account, address, signal);
	const token = await recordToToken(account, address, read, signal);
	switch (address.kind) {
		case 'api-key': {
			return markOneByHint(token, candidate => candidate.secretHint === account.hints.apiKey, () => flattenPages(apiKeyPages(account, {pageSize: account.options.pageSize, signal})), signal);
		}

		case 'application-key': {
			const caller = await account.caller(signal);
			return markOneByHint(token, candidate => isOwnApplicationKey(account, candidate, caller), () => flattenPages(applicationKeyPages(account, {pageSize: account.options.pageSize, signal})), signal);
		}

		case 'personal-access-token':
		case 'service-access-token': {
			await account.caller(signal);
			return token;
		}
	}
}

function missing(): never {
	throw new Error('unreachable: one record maps to one token');
}
