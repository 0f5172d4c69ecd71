import type {KeyIndex} from './access.js';
import type {SimAccessToken, SimApiKey, SimApplicationKey, SimOrg} from './model.js';

/** The orgs and the index of their keys by value, changed together. */
export interface SimStore {
	readonly orgs: readonly SimOrg[];
	readonly index: KeyIndex;
	addApiKey(org: SimOrg, key: SimApiKey): void;
	/** False when there is no such key. */
	removeApiKey(org: SimOrg, id: string): boolean;
	addApplicationKey(org: SimOrg, key: SimApplicationKey): void;
	removeApplicationKey(org: SimOrg, id: string): boolean;
	addAccessToken(org: SimOrg, token: SimAccessToken): void;
	/** `revoked` now, `already` revoked before (Datadog answers 204 both times [D cassette]), or `unknown`. */
	revokeAccessToken(org: SimOrg, id: string): 'revoked' | 'already' | 'unknown';
	/** Datadog revokes an access token when it expires [D]: it is listed no more. */
	sweepExpired(org: SimOrg, now: number): void;
}

export function createStore(orgs: readonly SimOrg[]): SimStore {
	const index: KeyIndex = {apiKeys: new Map(), applicationKeys: new Map(), accessTokens: new Map()};
	for (const org of orgs) {
		for (const key of org.apiKeys.values()) {
			index.apiKeys.set(key.key, {org, id: key.id});
		}

		for (const key of org.applicationKeys.values()) {
			index.applicationKeys.set(key.key, {org, id: key.id});
		}

		for (const token of org.accessTokens.values()) {
			index.accessTokens.set(token.key, {org, id: token.id});
		}
	}

	const revoke = (org: SimOrg, token: SimAccessToken): void => {
		org.accessTokens.delete(token.id);
		org.revokedTokens.add(token.id);
		index.accessTokens.delete(token.key);
	};

	return {
		orgs,
		index,
		addApiKey(org, key) {
			org.apiKeys.set(key.id, key);
			index.apiKeys.set(key.key, {org, id: key.id});
		},
		removeApiKey(org, id) {
			const key = org.apiKeys.get(id);
			if (key === undefined) {
				return false;
			}

			org.apiKeys.delete(id);
			index.apiKeys.delete(key.key);
			return true;
		},
		addApplicationKey(org, key) {
			org.applicationKeys.set(key.id, key);
			index.applicationKeys.set(key.key, {org, id: key.id});
		},
		removeApplicationKey(org, id) {
			const key = org.applicationKeys.get(id);
			if (key === undefined) {
				return false;
			}

			org.applicationKeys.delete(id);
			index.applicationKeys.delete(key.key);
			return true;
		},
		addAccessToken(org, token) {
			org.accessTokens.set(token.id, token);
			index.accessTokens.set(token.key, {org, id: token.id});
		},
		revokeAccessToken(org, id) {
			const token = org.accessTokens.get(id);
			if (token !== undefined) {
				revoke(org, token);
				return 'revoked';
			}

			return org.revokedTokens.has(id) ? 'already' : 'unknown';
		},
		sweepExpired(org, now) {
			for (const token of org.accessTokens.values()) {
				if (token.expiresAt !== null && token.expiresAt <= now) {
					revoke(org, token);
				}
			}
		},
	};
}
