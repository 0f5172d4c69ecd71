import {mkdir, mkdtemp, stat, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {startCli} from '../support/run-cli.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

/** A config of one simulated Mist account with the given top-level fields besides it, and the simulators' request count. */
async function configWith(fields: Record<string, unknown>, text?: (accounts: string) => string) {
	const simulators = await startSimulators({vendors: ['mist'], accounts: 1, tokens: 2, rateLimits: false});
	running.push(simulators);
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-history-bad-'));
	const [entry] = simulators.vendors.flatMap(vendor => vendor.configEntries());
	const accounts = JSON.stringify([{...entry, apiKey: '${MIST_KEY}'}]);
	await writeFile(join(directory, 'tokenkit.yaml'), text?.(accounts) ?? JSON.stringify({accounts: JSON.parse(accounts) as unknown, ...fields}, null, 2), {mode: 0o600});
	return {
		directory,
		env: {MIST_KEY: entry?.apiKey ?? ''} as NodeJS.ProcessEnv,
		requests: () => simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0),
	};
}

async function tokenkit(place: {directory: string; env: NodeJS.ProcessEnv}, argv: readonly string[]) {
	const cli = startCli(argv, {env: place.env, cwd: place.directory});
	return {code: await cli.done, stdout: cli.stdout(), stderr: cli.stderr()};
}

async function closedPort(): Promise<number> {
	return new Promise(resolve => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				resolve(typeof address === 'object' && address !== null ? address.port : 1);
			});
		});
	});
}

describe('the history section of the config, and where the history goes', () => {
	it('refuses a password in the URL without printing it, and other mistakes with the file and line, before any request', async () => {
		const password = 'hunter2-correct-horse-battery';
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{history: {url: `postgres://tokenkit:${password}@db.example.com/tokenkit`}}, /tokenkit\.yaml:\d+: history field "url": the URL holds a password, which would sit in the config file in plain text; remove it from the URL and give it in PGPASSWORD or in a file named by history.passwordFile/],
			[{history: {path: 'a.sqlite', url: 'postgres://db.example.com/tokenkit'}}, /history needs either "path" \(an SQLite file\) or "url" \(a PostgreSQL database\), not both/],
			[{history: {}}, /history needs either "path" .* not neither/],
			[{history: {pth: 'a.sqlite'}}, /tokenkit\.yaml:\d+: unknown field "pth"; did you mean "path"\?/],
			[{histroy: {path: 'a.sqlite'}}, /unknown field "histroy"; did you mean "history"\?/],
			[{history: {url: 'mysql://db.example.com/tokenkit'}}, /a history URL starts with postgres:\/\//],
			[{history: {url: 'postgres://db.example.com/tokenkit?sslmode=maybe'}}, /sslmode must be one of disable, require, verify-ca, verify-full, no-verify; got "maybe"/],
			[{history: {url: 'postgres://db.example.com/tokenkit?pool=3'}}, /unknown URL parameter "pool"/],
			[{history: {url: 'postgres://db.example.com/tokenkit', passwordFile: './missing'}}, /history field "passwordFile": .*missing cannot be read \(no such file\)/],
			[{history: {path: 'a.sqlite', passwordFile: './pw'}}, /"passwordFile" goes with "url"/],
		];
		for (const [fields, message] of cases) {
			const place = await configWith(fields);
			for (const command of [['inventory', '--save'], ['history'], ['diff']]) {
				const result = await tokenkit(place, command);
				expect(result.stderr, `${JSON.stringify(fields)} ${command.join(' ')}`).toMatch(message);
				expect(result.code).toBe(2);
				expect(result.stderr).not.toContain(password);
				expect(result.stdout).toBe('');
			}

			expect(place.requests()).toBe(0);
		}
	});

	it('fails a --save whose PostgreSQL cannot be reached before listing anything, naming the store', async () => {
		const port = await closedPort();
		const place = await configWith({history: {url: `postgres://tokenkit@127.0.0.1:${port}/tokenkit?connect_timeout=2`}});
		const result = await tokenkit(place, ['inventory', '--save', '--format', 'json']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`history store postgres://tokenkit@127.0.0.1:${port}/tokenkit?connect_timeout=2: cannot connect`);
		expect(result.stderr).toContain('ECONNREFUSED');
		expect(result.stdout).toBe('');
		expect(place.requests()).toBe(0);
		// Without --save the audit goes on: ages count from creation, and it says so.
		const audit = await tokenkit(place, ['audit', '--format', 'json', '--quiet']);
		expect(audit.code).toBe(0);
		expect(audit.stderr).toMatch(/tokenkit: warning: the history store cannot be read \(history store .*cannot connect.*\), so ages count from each token's creation/);
	});

	it('keeps the history in the user\'s state directory when the config names no store, the file and directory private', async () => {
		const place = await configWith({});
		const home = await mkdtemp(join(tmpdir(), 'tokenkit-home-'));
		const atHome = {...place, env: {...place.env, HOME: home}};
		expect((await tokenkit(atHome, ['inventory', '--save', '--format', 'json', '--quiet'])).code).toBe(0);
		const store = join(home, '.local', 'state', 'tokenkit', 'history.sqlite');
		expect((await stat(store)).mode & 0o777).toBe(0o600);
		expect((await stat(join(home, '.local', 'state', 'tokenkit'))).mode & 0o777).toBe(0o700);
		// history and diff need no vendor key, and no config file at all.
		const elsewhere = await mkdtemp(join(tmpdir(), 'tokenkit-elsewhere-'));
		const listed = await tokenkit({directory: elsewhere, env: {HOME: home}}, ['history', '--format', 'csv']);
		expect(listed.code).toBe(0);
		expect(listed.stdout.split('\r\n')[1]).toMatch(/^1,/);
		const state = join(home, 'state');
		await mkdir(state);
		const xdg = await tokenkit({...atHome, env: {...atHome.env, XDG_STATE_HOME: state}}, ['inventory', '--save', '--format', 'json', '--quiet']);
		expect(xdg.code).toBe(0);
		expect((await stat(join(state, 'tokenkit', 'history.sqlite'))).isFile()).toBe(true);

		const homeless = await tokenkit(place, ['inventory', '--save']);
		expect(homeless.code).toBe(2);
		expect(homeless.stderr).toMatch(/--save needs a place for the history: add "history: \{path: FILE\}" to .*tokenkit\.yaml, or set HOME or XDG_STATE_HOME/);
		const demo = await tokenkit({directory: elsewhere, env: {HOME: home}}, ['inventory', '--demo', '--save']);
		expect(demo.code).toBe(2);
		expect(demo.stderr).toMatch(/--save records real accounts; the demo's simulated ones would mix with them/);
	});

	it('reads only the history section for history and diff: a key that is not set does not matter', async () => {
		const place = await configWith({history: {path: 'runs.sqlite'}});
		expect((await tokenkit(place, ['inventory', '--save', '--format', 'json', '--quiet'])).code).toBe(0);
		const keyless = {...place, env: {}};
		expect((await tokenkit(keyless, ['inventory', '--format', 'json'])).code).toBe(2);
		const listed = await tokenkit(keyless, ['history', '--format', 'json']);
		expect(listed.code).toBe(0);
		expect(listed.stdout).toContain('"command": "inventory"');
	});

	it('says a store file that is no SQLite database is none, naming it', async () => {
		const place = await configWith({history: {path: 'notes.txt'}});
		await writeFile(join(place.directory, 'notes.txt'), 'not a database, just notes\n'.repeat(200));
		const result = await tokenkit(place, ['history']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`history store ${join(place.directory, 'notes.txt')} is not an SQLite database`);
	});
});
