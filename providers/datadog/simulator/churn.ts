import type {Random} from '../../../src/simulate/random.js';
import type {ChurnReport} from '../../../src/simulate/types.js';
import {formatTokenId} from '../token-id.js';
import type {SimApplicationKey, SimOrg} from './model.js';
import type {Minter} from './seed.js';
import type {SimStore} from './store.js';

export interface ChurnContext {
	readonly store: SimStore;
	readonly minter: Minter;
	readonly now: number;
}

/**
Someone in Datadog's Organization Settings, acting as the org's first admin, does what its API allows too
(docs/vendors/datadog.md): makes an application key of their own scoped to reading dashboards, deletes another key
(an API key or an application key), renames an API key (`PATCH /api/v2/api_keys/{id}` takes a name), and clears an
earlier application key's scopes, which gives it all of its owner's access (`scopes: null` [S][D]). Each churn's new
key is a scoped key the next one can widen, so churn never runs out of changes. The simulator's own credentials are
never touched. Returns what it did, in the token ids a provider lists with no `serviceAccounts` named (every
application key through the org-wide endpoint).
*/
export function churnOrg(org: SimOrg, random: Random, {store, minter, now}: ChurnContext): ChurnReport {
	org.churned++;
	const actor = [...org.users.keys()][0] ?? '';
	const made: SimApplicationKey = {id: random.uuid(), name: `churn-${org.churned}`, key: minter.applicationKey(), createdAt: now, lastUsedAt: null, scopes: ['dashboards_read'], ownerId: actor, origin: 'churn'};
	store.addApplicationKey(org, made);
	const deletable = [
		...[...org.apiKeys.values()].filter(key => key.origin !== 'credential').map(key => ({id: formatTokenId({kind: 'api-key', id: key.id}), remove: () => store.removeApiKey(org, key.id)})),
		...[...org.applicationKeys.values()].filter(key => key.origin !== 'credential' && key !== made).map(key => ({id: applicationKeyId(key), remove: () => store.removeApplicationKey(org, key.id)})),
	];
	const victim = deletable[random.int(0, deletable.length - 1)];
	victim?.remove();

	// Drawn after the create and the delete, so those stay what they were before keys were renamed and widened.
	const renamable = [...org.apiKeys.values()].filter(key => key.origin !== 'credential');
	const renamed = renamable[random.int(0, renamable.length - 1)];
	if (renamed !== undefined) {
		renamed.name = `${renamed.name}-renamed`;
		renamed.modifiedAt = now;
		renamed.modifiedBy = actor;
	}

	const scoped = [...org.applicationKeys.values()].filter(key => key.origin !== 'credential' && key !== made && key.scopes !== null);
	const widened = scoped[random.int(0, scoped.length - 1)];
	if (widened !== undefined) {
		widened.scopes = null;
	}

	return {
		account: org.name,
		created: [applicationKeyId(made)],
		removed: victim === undefined ? [] : [victim.id],
		changed: [
			...(renamed === undefined ? [] : [{id: formatTokenId({kind: 'api-key', id: renamed.id}), change: 'renamed'}]),
			...(widened === undefined ? [] : [{id: applicationKeyId(widened), change: 'widened'}]),
		],
	};
}

function applicationKeyId(key: SimApplicationKey): string {
	return formatTokenId({kind: 'application-key', id: key.id, serviceAccount: null});
}
