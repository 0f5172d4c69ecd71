import {spawn} from 'node:child_process';
import {mkdtemp, readdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {cliPath, finished, type Finished} from '../e2e/built-cli.js';
import {historyStores} from '../support/history-stores.js';
import {runLoggingModules} from '../support/loaded-modules.js';
import {configWithHistory, type Place} from './support.js';

/*
The built command and the history store: which database client it loads (none without a store, `node:sqlite` for
a file, `pg` for PostgreSQL, never both), and that Node's warning that node:sqlite is experimental stays off its
stderr unless --debug asks for Node's warnings.
*/

const stores = await historyStores();
const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

/** Runs the built command in `place`, and returns what it printed and the modules it loaded. */
async function loaded(place: Place, argv: readonly string[]): Promise<{run: Finished; modules: string[]}> {
	return runLoggingModules(cliPath, argv, {cwd: place.directory, env: place.env});
}

/** Whether this Node prints an ExperimentalWarning when node:sqlite is loaded. */
async function nodeWarnsAboutSqlite(): Promise<boolean> {
	const child = spawn(process.execPath, ['--input-type=module', '-e', 'await import("node:sqlite")'], {stdio: ['ignore', 'pipe', 'pipe']});
	return (await finished(child)).stderr.includes('ExperimentalWarning');
}

const clients = (modules: readonly string[]): string[] => [...new Set(modules.filter(module => module === 'node:sqlite' || module.startsWith('node_modules/pg/')).map(module => (module === 'node:sqlite' ? module : 'pg')))];

for (const store of stores) {
	describe.skipIf(store.skipped !== null)(`the built command with a history on ${store.name}${store.skipped === null ? '' : ` (skipped: ${store.skipped})`}`, () => {
		it('loads that store\'s client only when it uses the history, and prints no runtime warning about it', async () => {
			const simulators = await startSimulators({vendors: ['opal'], accounts: 1, tokens: 3, rateLimits: false});
			running.push(simulators);
			const place = await configWithHistory(simulators, await store.fresh());

			const plain = await loaded(place, ['inventory', '--format', 'json']);
			expect(plain.run.code, plain.run.stderr).toBe(0);
			expect(clients(plain.modules)).toEqual([]);
			expect(plain.modules.filter(module => /^dist\/src\/history\/(open|save-run|sqlite-driver|postgres-driver)\.js$/.test(module))).toEqual([]);

			const saved = await loaded(place, ['inventory', '--save', '--format', 'json']);
			expect(saved.run.code, saved.run.stderr).toBe(0);
			expect(clients(saved.modules)).toEqual([store.name === 'sqlite' ? 'node:sqlite' : 'pg']);
			expect(saved.run.stderr).toMatch(/^tokenkit: accounts 1\/1 complete, tokens \d+, requests \d+, retries 0, waited [\d.]+ s\ntokenkit: saved run 1 \(\d+ tokens, 1 account\) to \S+\n$/);

			const listed = await loaded(place, ['history', '--format', 'json']);
			expect(listed.run).toMatchObject({code: 0, stderr: ''});
			expect(clients(listed.modules)).toEqual([store.name === 'sqlite' ? 'node:sqlite' : 'pg']);
			if (store.name === 'sqlite' && await nodeWarnsAboutSqlite()) {
				// Node's own word that node:sqlite is experimental (Node 22; Node 24 no longer says it): tokenkit's users can
				// do nothing about it, so --debug only.
				const debug = await loaded(place, ['history', '--format', 'json', '--debug']);
				expect(debug.run.stderr).toMatch(/^tokenkit: warning: ExperimentalWarning: SQLite is an experimental feature/m);
			}
		});
	});
}

describe('the built command without a history', () => {
	it('audits without creating a store or loading a database client when the config names none and no default store exists', async () => {
		const simulators = await startSimulators({vendors: ['opal'], accounts: 1, tokens: 3, rateLimits: false});
		running.push(simulators);
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-no-history-'));
		const home = await mkdtemp(join(tmpdir(), 'tokenkit-home-'));
		const env: NodeJS.ProcessEnv = {HOME: home};
		const accounts = simulators.vendors.flatMap(vendor => vendor.configEntries()).map((entry, index) => {
			env[`KEY_${index}`] = entry.apiKey;
			return {...entry, apiKey: `\${KEY_${index}}`};
		});
		await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts}), {mode: 0o600});

		const audit = await loaded({directory, env}, ['audit', '--format', 'json', '--quiet']);
		expect(audit.run.code, audit.run.stderr).toBe(0);
		expect(clients(audit.modules)).toEqual([]);
		expect(audit.modules.filter(module => /^dist\/src\/history\/(sqlite-driver|postgres-driver)\.js$/.test(module))).toEqual([]);
		expect(await readdir(home)).toEqual([]);
	});

	it('audits the demo without loading any of the history store: the demo keeps no history and reads none', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-demo-history-'));
		const home = await mkdtemp(join(tmpdir(), 'tokenkit-home-'));
		const audit = await loaded({directory, env: {HOME: home}}, ['audit', '--demo', '--format', 'json', '--quiet']);
		expect(audit.run.code, audit.run.stderr).toBe(0);
		// The config's `history:` section is parsed with every config (config-section, postgres-url), and recorder.js is the idle
		// recorder; nothing of the store loads.
		const configParsing = new Set(['dist/src/history/config-section.js', 'dist/src/history/postgres-url.js']);
		expect(audit.modules.filter(module => (module.startsWith('dist/src/history/') && !configParsing.has(module)) || (module.startsWith('dist/src/cli/history/') && module !== 'dist/src/cli/history/recorder.js'))).toEqual([]);
		expect(await readdir(home)).toEqual([]);
	});
});
