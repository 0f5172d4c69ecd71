import {arrayOf, fetchJson, field} from './json-get.js';
import {launchDarklyRolesFrom, launchDarklyTokensFrom, type LaunchDarklyAccount, type LaunchDarklyWire} from './launchdarkly-wire.js';

export interface BareListing {
	readonly tokens: number;
	readonly requests: number;
}

/**
One LaunchDarkly account with bare fetch and `JSON.parse`, in tokenkit's plan: the first page tells `totalCount`,
the other offsets are then fetched `concurrency` at a time, and the custom roles are listed once a page names
one. It imports nothing of tokenkit, so that in a process of its own (launchdarkly-child.ts) its start-up is
Node's and fetch's alone.
*/
export async function listLaunchDarklyBare(account: LaunchDarklyAccount, wire: LaunchDarklyWire, concurrency: number, signal: AbortSignal): Promise<BareListing> {
	let roles: Promise<number> | undefined;
	const pageAt = async (offset: number): Promise<unknown> => {
		const {url, headers} = launchDarklyTokensFrom(account, offset, wire);
		const page = await fetchJson(url, headers, signal);
		roles ??= namesCustomRoles(page) ? listRoles(account, wire, signal) : undefined;
		return page;
	};

	const first = await pageAt(0);
	const served = arrayOf(field(first, 'items')).length;
	const total = field(first, 'totalCount');
	const offsets: number[] = [];
	for (let offset = served; served > 0 && typeof total === 'number' && offset < total; offset += served) {
		offsets.push(offset);
	}

	let tokens = served;
	let next = 0;
	const worker = async (): Promise<void> => {
		for (let offset = offsets[next]; offset !== undefined; offset = offsets[next]) {
			next++;
			// Read before adding: `tokens += await …` would add to the count as it was before the wait.
			const count = arrayOf(field(await pageAt(offset), 'items')).length;
			tokens += count;
		}
	};

	await Promise.all(Array.from({length: Math.max(1, concurrency)}, worker));
	return {tokens, requests: 1 + offsets.length + (roles === undefined ? 0 : await roles)};
}

function namesCustomRoles(page: unknown): boolean {
	return arrayOf(field(page, 'items')).some(item => {
		const ids = field(item, 'customRoleIds');
		return Array.isArray(ids) && ids.length > 0;
	});
}

/** Every page of the custom roles, one after another; returns how many requests it took. */
async function listRoles(account: LaunchDarklyAccount, wire: LaunchDarklyWire, signal: AbortSignal): Promise<number> {
	let read = 0;
	for (let requests = 1; ; requests++) {
		const {url, headers} = launchDarklyRolesFrom(account, read, wire);
		const page = await fetchJson(url, headers, signal);
		const count = arrayOf(field(page, 'items')).length;
		read += count;
		const total = field(page, 'totalCount');
		if (count === 0 || typeof total !== 'number' || read >= total) {
			return requests;
		}
	}
}
