/**
A weekly change report of your own: each run of this script saves the inventory of every account in a history
store, then prints what changed since the run before that matters to a security review (tokens created and
removed, privileges widened, new admins, allow-lists lifted, expiries removed or pushed out, owners gone).

Run it against your LaunchDarkly account with LD_API_KEY set, keeping the history in TOKENKIT_HISTORY (an SQLite
file) or TOKENKIT_HISTORY_URL (a PostgreSQL URL, its password in PGPASSWORD); with no key set it runs twice against
tokenkit's simulator, minting a token in between, and keeps the history in a temporary file:
  npm run build && node dist/examples/history.js

In your own project, import from 'tokenkit' instead of '../src/index.js', and from 'tokenkit/simulators'
instead of '../src/simulators.js'.
*/
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {
	collectInventory,
	createLaunchDarklyProvider,
	diffRuns,
	openHistory,
	saveRun,
	type ChangeKind,
	type History,
	type RunAccount,
	type SavedRun,
	type Token,
	type TokenProvider,
} from '../src/index.js';
import {startSimulators} from '../src/simulators.js';

/** Lists every account and saves the run; an account that fails is saved as incomplete, never as "all removed". */
export async function recordRun(history: History, providers: readonly TokenProvider[]): Promise<SavedRun> {
	const startedAt = new Date();
	const tokens: Token[] = [];
	const accounts: RunAccount[] = [];
	for await (const event of collectInventory(providers)) {
		if (event.type === 'token') {
			tokens.push(event.token);
		} else {
			accounts.push({provider: event.provider, account: event.account, complete: event.type === 'account-done', error: event.type === 'account-failed' ? event.error.message : null});
		}
	}

	return saveRun(history, {startedAt, command: 'weekly-report', accounts, tokens});
}

/** The changes a review looks at first. */
const worrying: ReadonlySet<ChangeKind> = new Set(['admin', 'widened', 'allow-list-removed', 'expiry-removed', 'expiry-extended', 'owner-gone']);

/** One line per token created or removed, and per worrying change, between the last two complete runs. */
export async function changeReport(history: History): Promise<string[]> {
	const diff = await diffRuns(history);
	const lines = [`changes from run ${diff.from.id} (${diff.from.savedAt}) to run ${diff.to.id} (${diff.to.savedAt}):`];
	for (const token of diff.tokens) {
		if (token.change === 'changed') {
			for (const change of token.changes.filter(candidate => worrying.has(candidate.kind))) {
				lines.push(`${token.ref} "${token.name}": ${change.kind}: ${change.detail}`);
			}
		} else {
			lines.push(`${token.ref} "${token.name}": ${token.change}`);
		}
	}

	for (const account of diff.accounts.filter(candidate => candidate.status === 'partial')) {
		lines.push(`${account.provider}:${account.account}: a list was incomplete, so removals there are unknown`);
	}

	return lines;
}

async function main(): Promise<void> {
	const key = process.env.LD_API_KEY;
	const url = process.env.TOKENKIT_HISTORY_URL;
	const history = await openHistory(url === undefined ? {path: process.env.TOKENKIT_HISTORY ?? join(await mkdtemp(join(tmpdir(), 'tokenkit-example-')), 'history.sqlite')} : {url});
	const simulators = key === undefined ? await startSimulators({vendors: ['launchdarkly'], accounts: 1, tokens: 10}) : undefined;
	try {
		const simulated = simulators?.get('launchdarkly');
		const [account] = simulated?.accounts() ?? [];
		const provider = createLaunchDarklyProvider(simulated === undefined || account === undefined
			? {apiKey: key ?? '', account: 'launchdarkly'}
			: {apiKey: account.apiKey, baseUrl: simulated.baseUrl, account: account.name});
		if (simulated !== undefined) {
			// A week in a minute: a run, someone mints a token, the next run.
			await recordRun(history, [provider]);
			await provider.create({name: 'made-this-week', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		}

		await recordRun(history, [provider]);
		for (const line of await changeReport(history)) {
			console.log(line);
		}
	} finally {
		await simulators?.close();
		await history.close();
	}
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	await main();
}
