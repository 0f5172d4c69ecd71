import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {runLoggingFlags} from '../support/flags-set.js';
import {runLoggingModules} from '../support/loaded-modules.js';
import {cliPath, compiledCliPath, type Finished} from './built-cli.js';

/*
What the built command loads before it does its work: each command, the vendors and the YAML parser only when
used. Checked from the modules the command loads (a loader hook logs them), never from a timing. The bundle users
run loads chunks, each standing for the modules esbuild put in it; tsc's output it is made from loads the same
modules one file each, and is held to the same, so a module the bundle loads too soon is the bundle's doing.
*/

let directory = '';
let simulators: RunningSimulators | undefined;

beforeAll(async () => {
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-start-up-'));
	simulators = await startSimulators({vendors: ['opal', 'launchdarkly'], accounts: 1, tokens: 3, rateLimits: false});
	const opal = simulators.get('opal').configEntries();
	await writeFile(join(directory, 'config.json'), JSON.stringify({accounts: opal}, null, 2));
	await writeFile(join(directory, 'config.yaml'), `accounts:\n${opal.map(entry => `  - ${JSON.stringify(entry)}`).join('\n')}\n`);
	const launchDarkly = simulators.get('launchdarkly').configEntries();
	await writeFile(join(directory, 'launchdarkly.json'), JSON.stringify({accounts: launchDarkly}, null, 2));
	// Three accounts listed at once: a wide listing, which keeps the heap's settings from the command's start.
	const sameAccountThrice = [1, 2, 3].flatMap(copy => launchDarkly.map(entry => ({...entry, name: `${entry.name ?? 'launchdarkly'}-${copy}`})));
	await writeFile(join(directory, 'wide.json'), JSON.stringify({accounts: sameAccountThrice}, null, 2));
});

afterAll(async () => {
	await simulators?.close();
});

const commandModules = (modules: readonly string[]): string[] => modules.filter(module => module.startsWith('dist/src/cli/commands/'));
const packages = (modules: readonly string[]): string[] => [...new Set(modules.filter(module => module.startsWith('node_modules/')).map(module => module.split('/')[1] ?? ''))];

describe.each([
	{program: 'the bundled command', script: cliPath},
	{program: 'tsc\'s output of the command', script: compiledCliPath},
])('start-up of $program', ({script}) => {
	/** Runs the command and returns what it printed and the modules it loaded (below the package, and packages). */
	const loaded = async (argv: readonly string[]): Promise<{run: Finished; modules: string[]}> => runLoggingModules(script, argv, {cwd: directory});

	it('--version loads no command, no vendor and no package', async () => {
		const {run, modules} = await loaded(['--version']);
		expect(run.code).toBe(0);
		expect(commandModules(modules)).toEqual([]);
		expect(modules.filter(module => module.startsWith('dist/providers/'))).toEqual([]);
		expect(packages(modules)).toEqual([]);
		// Only a listing watches the collections (the heap sizing's young-generation hold).
		expect(modules).not.toContain('node:perf_hooks');
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

	it.each([
		{vendor: 'opal', config: 'config.json'},
		{vendor: 'launchdarkly', config: 'launchdarkly.json'},
	])('inventory of one vendor\'s accounts ($vendor) loads that vendor\'s code and no other\'s', async ({vendor, config}) => {
		const {run, modules} = await loaded(['inventory', '--config', config, '--format', 'json']);
		expect(run.code, run.stderr).toBe(0);
		const vendorsLoaded = [...new Set(modules.filter(module => /^dist\/providers\/[^/]+\//.test(module)).map(module => module.split('/')[2]))];
		expect(vendorsLoaded).toEqual([vendor]);
		// GitHub's JWT library comes with GitHub's code only.
		expect(packages(modules)).not.toContain('universal-github-app-jwt');
	});

	it('inventory with a YAML config loads the YAML parser, which it needs', async () => {
		const {run, modules} = await loaded(['inventory', '--config', 'config.yaml', '--format', 'json']);
		expect(run.code, run.stderr).toBe(0);
		expect(packages(modules)).toContain('yaml');
	});

	// V8 takes the compiled code Node ships for fetch only while no flag differs from its default (heap-sizing.ts).
	it.each([
		{accounts: 'one account', config: 'launchdarkly.json'},
		{accounts: 'accounts listed at once', config: 'wide.json'},
	])('inventory of $accounts loads fetch before it sets its first V8 flag; history never loads it', async ({config}) => {
		const inventory = await runLoggingFlags(script, ['inventory', '--config', config, '--format', 'json'], {cwd: directory});
		expect(inventory.run.code, inventory.run.stderr).toBe(0);
		expect(inventory.flags.length).toBeGreaterThan(0);
		expect(inventory.flags.filter(set => !set.fetchLoaded)).toEqual([]);
		const history = await runLoggingFlags(script, ['history', '--help'], {cwd: directory});
		expect(history.run.code, history.run.stderr).toBe(0);
		expect(history.flags.length).toBeGreaterThan(0);
		expect(history.fetchLoadedAtExit).toBe(false);
	});
});
