import {ConfigError} from '../../src/errors/index.js';
import type {UpdateTokenInput} from '../../src/provider.js';
import type {Token} from '../../src/token.js';
import type {DatadogAccount} from './account.js';
import {explainRefusal} from './api.js';
import {keyField} from './caller.js';
import {readRecord, recordToToken, type DatadogRecord} from './reading.js';
import {DatadogAccessTokenSchema, DatadogApiKeySchema, DatadogApplicationKeySchema, singleSchema} from './schema.js';
import {tokenPath, type DatadogTokenAddress} from './token-id.js';

/**
A change to a Datadog key: a new name, or new scopes (`privileges`, by permission name) for an application key or
an access token. Datadog keeps the key's id and secret. An API key has no scopes; no key has a description.
*/
export type DatadogUpdateTokenInput = UpdateTokenInput;

/**
Renames a key or changes its scopes with a PATCH (docs/vendors/datadog.md, endpoints [S][S+]). An API key's PATCH must
repeat its name even when only another field changes [S]: the current name is read first when none is given. The
answer may carry the whole key (an application key outside One-Time-Read orgs): registered, never kept.
*/
export async function updateKey(account: DatadogAccount, address: DatadogTokenAddress, change: DatadogUpdateTokenInput, signal: AbortSignal | undefined): Promise<Token> {
	const {context} = account;
	if (change.description !== undefined && change.description !== '') {
		throw new ConfigError('description: Datadog keys have no description', context);
	}

	if (change.name !== undefined && change.name.trim() === '') {
		throw new ConfigError('name: a Datadog key needs a name', context);
	}

	const scopes = change.privileges?.map(privilege => privilege.role);
	if (address.kind === 'api-key' && scopes !== undefined) {
		throw new ConfigError('privileges: an API key has no scopes; what it may do is the org\'s, and it cannot call a management API without an application key', context);
	}

	if (scopes?.length === 0 && address.kind !== 'application-key') {
		throw new ConfigError('privileges: an access token needs at least one scope', context);
	}

	const attributes: Record<string, unknown> = {...(change.name === undefined ? {} : {name: change.name}), ...(scopes === undefined ? {} : {scopes})};
	if (address.kind === 'api-key' && change.name === undefined) {
		const current = await readRecord(account, address, signal);
		attributes['name'] = current.kind === 'api-key' ? current.record.attributes.name ?? '' : '';
	}

	const request = {
		method: 'PATCH',
		path: tokenPath(address),
		json: {data: {id: address.id, type: wireType(address), attributes}},
		signal,
		mints: keyField,
	} as const;
	const permission = address.kind === 'api-key' ? 'api_keys_write' : address.kind === 'service-access-token' || (address.kind === 'application-key' && address.serviceAccount !== null) ? 'service_account_write' : 'org_app_keys_write';
	const explain = (error: unknown): never => {
		throw explainRefusal(error, permission, '');
	};

	let read: DatadogRecord;
	switch (address.kind) {
		case 'api-key': {
			read = {kind: 'api-key', record: (await account.api.fetch(singleSchema(DatadogApiKeySchema), request).catch(explain)).data.data};
			break;
		}

		case 'application-key': {
			read = {kind: 'application-key', record: (await account.api.fetch(singleSchema(DatadogApplicationKeySchema), request).catch(explain)).data.data};
			break;
		}

		default: {
			read = {kind: 'access-token', record: (await account.api.fetch(singleSchema(DatadogAccessTokenSchema), request).catch(explain)).data.data};
		}
	}

	return recordToToken(account, address, read, signal);
}

/**
Deletes an API or application key, or revokes an access token; at once, with no grace (docs/vendors/datadog.md,
rotation [D]). A second delete of a key answers 404, which the HTTP client counts as done when it repeated the
request itself; a second revoke of an access token answers 204.
*/
export async function deleteKey(account: DatadogAccount, address: DatadogTokenAddress, signal: AbortSignal | undefined): Promise<void> {
	const permission = address.kind === 'api-key' ? 'api_keys_delete' : address.kind === 'service-access-token' || (address.kind === 'application-key' && address.serviceAccount !== null) ? 'service_account_write' : 'org_app_keys_write';
	await account.api.send({method: 'DELETE', path: tokenPath(address), signal}).catch((error: unknown) => {
		throw explainRefusal(error, permission, '');
	});
}

function wireType(address: DatadogTokenAddress): string {
	switch (address.kind) {
		case 'api-key': {
			return 'api_keys';
		}

		case 'application-key': {
			return 'application_keys';
		}

		case 'personal-access-token': {
			return 'personal_access_tokens';
		}

		case 'service-access-token': {
			return 'service_access_tokens';
		}
	}
}
