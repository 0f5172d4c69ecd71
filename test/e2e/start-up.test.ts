import {spawn} from 'node:child_process';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {cliPath, finished, type Finished} from './built-cli.js';

/*
What the built command loads before it does its work: each command, the vendors and the YAML parser only when
used. Checked from the modules the command loads (a loader hook logs them), never from a timing.
*/

const register = fileURLToPath(new URL('../../dist/test/fixtures/load-log/register.js', import.meta.url));

let directory = '';
let simulators: RunningSimulators | undefined;

beforeAll(async () => {
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-start-up-'));
	simulators = await startSimulators({vendors: ['opal'], accounts: 1, tokens: 3, rateLimits: false});
	const accounts = simulators.vendors.flatMap(vendor => vendor.configEntries());
	await writeFile(join(directory, 'config.json'), JSON.stringify({accounts}, null, 2));
	await writeFile(join(directory, 'config.yaml'), `accounts:\n${accounts.map(entry => `  - ${JSON.stringify(entry)}`).join('\n')}\n`);
});

afterAll(async () => {
	await simulators?.close();
});

/** Runs the built command and returns what it printed and the modules it loaded (paths below the package, and packages). */
async function loaded(argv: readonly string[]): Promise<{run: Finished; modules: string[]}> {
	const log = join(directory, `load-${Math.random().toString(36).slice(2)}.log`);
	const child = spawn(process.execPath, ['--import', register, cliPath, ...argv], {cwd: directory, env: {PATH: process.env.PATH, TOKENKIT_LOAD_LOG: log}, stdio: ['ignore', 'pipe', 'pipe']});
	const run = await finished(child);
	const urls = (await readFile(log, 'utf8')).trim().split('\n');
	return {run, modules: urls.map(url => url.includes('/node_modules/') ? url.replace(/^.*\/node_modules\//, 'node_modules/') : url.replace(/^.*\/dist\//, 'dist/'))};
}

const commandModules = (modules: readonly string[]): string[] => modules.filter(module => module.startsWith('dist/src/cli/commands/'));
const packages = (modules: readonly string[]): string[] => [...new Set(modules.filter(module => module.startsWith('node_modules/')).map(module => module.split('/')[1] ?? ''))];

describe('start-up of the built command', () => {
	it('--version loads no command, no vendor and no package', async () => {
		const {run, modules} = await loaded(['--version']);
		expect(run.code).toBe(0);
		expect(commandModules(modules)).toEqual([]);
		expect(modules.filter(module => module.startsWith('dist/providers/'))).toEqual([]);
		expect(packages(modules)).toEqual([]);
	});

	it('--help loads no command and not the YAML parser', async () => {
		const {run, modules} = await loaded(['--help']);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('inventory');
		expect(commandModules(modules)).toEqual([]);
		expect(packages(modules)).not.toContain('yaml');
	});

	it('inventory with a JSON config loads its own command only, and not the YAML parser', async () => {
		const {run, modules} = await loaded(['inventory', '--config', 'config.json', '--format', 'json']);
		expect(run.code, run.stderr).toBe(0);
		expect(commandModules(modules)).toEqual(['dist/src/cli/commands/inventory.js']);
		// What only audit, rotate, revoke, simulate or --demo use.
		expect(modules.filter(module => /^dist\/src\/(cli\/rotate|inventory\/audit|simulate)\//.test(module))).toEqual([]);
		expect(packages(modules)).not.toContain('yaml');
	});

	it('inventory of one vendor\'s accounts loads that vendor\'s code and no other\'s', async () => {
		const {run, modules} = await loaded(['inventory', '--config', 'config.json', '--format', 'json']);
		expect(run.code, run.stderr).toBe(0);
		const vendorsLoaded = [...new Set(modules.filter(module => /^dist\/providers\/[^/]+\//.test(module)).map(module => module.split('/')[2]))];
		expect(vendorsLoaded).toEqual(['opal']);
		// GitHub's JWT library comes with GitHub's code only.
		expect(packages(modules)).not.toContain('universal-github-app-jwt');
	});

	it('inventory with a YAML config loads the YAML parser, which it needs', async () => {
		const {run, modules} = await loaded(['inventory', '--config', 'config.yaml', '--format', 'json']);
		expect(run.code, run.stderr).toBe(0);
		expect(packages(modules)).toContain('yaml');
	});
});
