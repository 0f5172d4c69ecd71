import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {RunningSimulators} from '../../src/simulate/start.js';
import type {StoreTarget} from '../support/history-stores.js';

export interface Place {
	readonly directory: string;
	readonly env: NodeJS.ProcessEnv;
}

/**
A config file in a new directory: every account of `simulators` (of `vendors` only, when given), keys passed through the environment as a user
would (`${KEY_n}`), and the `history:` section of `store`. A PostgreSQL password goes to a 0600 password file
(`viaEnvironment`: to PGPASSWORD instead).
*/
export async function configWithHistory(simulators: RunningSimulators, store: StoreTarget, options: {readonly viaEnvironment?: boolean; readonly extra?: Record<string, unknown>; readonly vendors?: readonly string[]} = {}): Promise<Place> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-history-cli-'));
	const env: NodeJS.ProcessEnv = {};
	const chosen = simulators.vendors.filter(vendor => options.vendors?.includes(vendor.vendor) ?? true);
	const accounts = chosen.flatMap(vendor => vendor.configEntries()).map((entry, index) => {
		env[`KEY_${index}`] = entry.apiKey;
		return {...entry, apiKey: `\${KEY_${index}}`};
	});
	let history: Record<string, string> = {...store.section};
	if (store.password !== null) {
		if (options.viaEnvironment === true) {
			env.PGPASSWORD = store.password;
		} else {
			await writeFile(join(directory, 'pg-password'), `${store.password}\n`, {mode: 0o600});
			history = {...history, passwordFile: './pg-password'};
		}
	}

	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts, history, ...options.extra}, null, 2), {mode: 0o600});
	return {directory, env};
}

/** Sends `count` requests to a simulator that it answers 404: they count towards its churn like any other. */
export async function poke(baseUrl: string, count: number): Promise<void> {
	const origin = new URL(baseUrl).origin;
	for (let sent = 0; sent < count; sent += 20) {
		await Promise.all(Array.from({length: Math.min(20, count - sent)}, async () => {
			const response = await fetch(`${origin}/tokenkit-test-poke`);
			await response.body?.cancel();
		}));
	}
}
