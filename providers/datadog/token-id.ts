import {ConfigError, type ErrorContext} from '../../src/errors/index.js';

/**
Where one Datadog key lives. Datadog's ids are UUIDs in four separate collections, and a service account's keys and
access tokens are addressed under the service account; so a token's id in tokenkit is its path under `/api/v2/`,
which says which collection to ask (and a REF stays readable):
- `api_keys/<id>`
- `application_keys/<id>` (any application key, through the org-wide endpoint)
- `service_accounts/<sa>/application_keys/<id>` (a key of a service account named in `serviceAccounts`)
- `personal_access_tokens/<id>`
- `service_accounts/<sa>/access_tokens/<id>`
*/
export type DatadogTokenAddress =
	| {readonly kind: 'api-key'; readonly id: string}
	| {readonly kind: 'application-key'; readonly id: string; readonly serviceAccount: string | null}
	| {readonly kind: 'personal-access-token'; readonly id: string}
	| {readonly kind: 'service-access-token'; readonly id: string; readonly serviceAccount: string};

/** The address as a token id (see {@link DatadogTokenAddress}). */
export function formatTokenId(address: DatadogTokenAddress): string {
	switch (address.kind) {
		case 'api-key': {
			return `api_keys/${address.id}`;
		}

		case 'application-key': {
			return address.serviceAccount === null ? `application_keys/${address.id}` : `service_accounts/${address.serviceAccount}/application_keys/${address.id}`;
		}

		case 'personal-access-token': {
			return `personal_access_tokens/${address.id}`;
		}

		case 'service-access-token': {
			return `service_accounts/${address.serviceAccount}/access_tokens/${address.id}`;
		}
	}
}

/** Reads a token id back into an address; anything else is a ConfigError that shows the forms, before any request. */
export function parseTokenId(tokenId: string, context: ErrorContext): DatadogTokenAddress {
	const parts = typeof tokenId === 'string' ? tokenId.split('/') : [];
	const ok = (part: string | undefined): part is string => part !== undefined && part !== '' && !/[\s?#%]/.test(part);
	const [first, second, third, fourth] = parts;
	if (parts.length === 2 && ok(second)) {
		if (first === 'api_keys') {
			return {kind: 'api-key', id: second};
		}

		if (first === 'application_keys') {
			return {kind: 'application-key', id: second, serviceAccount: null};
		}

		if (first === 'personal_access_tokens') {
			return {kind: 'personal-access-token', id: second};
		}
	}

	if (parts.length === 4 && first === 'service_accounts' && ok(second) && ok(fourth)) {
		if (third === 'application_keys') {
			return {kind: 'application-key', id: fourth, serviceAccount: second};
		}

		if (third === 'access_tokens') {
			return {kind: 'service-access-token', id: fourth, serviceAccount: second};
		}
	}

	throw new ConfigError(
		`token id ${typeof tokenId === 'string' ? JSON.stringify(tokenId.slice(0, 120)) : `of type ${typeof tokenId}`} is not a Datadog token id; ids are api_keys/<id>, application_keys/<id>, personal_access_tokens/<id>, `
		+ 'service_accounts/<service account id>/application_keys/<id> or service_accounts/<service account id>/access_tokens/<id>, as the inventory lists them',
		context,
	);
}

/** The API path of the key itself (get, patch, delete), each segment encoded. */
export function tokenPath(address: DatadogTokenAddress): string {
	return `api/v2/${formatTokenId(address).split('/').map(segment => encodeURIComponent(segment)).join('/')}`;
}
