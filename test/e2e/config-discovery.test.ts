import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {findLeaks} from '../support/leak-scan.js';
import {tokenkit} from './built-cli.js';

/*
Where the built command finds its config: --config, then TOKENKIT_CONFIG, then ./tokenkit.yaml, then the user's
config directory ($XDG_CONFIG_HOME/tokenkit/config.yaml, or ~/.config/tokenkit/config.yaml). Each candidate here
holds one account of its own, so the report says which file was read; --verbose says it too.
*/

let root = '';
let simulators: RunningSimulators | undefined;
let entries: ReadonlyArray<Readonly<Record<string, string>>> = [];

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), 'tokenkit-discovery-'));
	simulators = await startSimulators({vendors: ['opal'], accounts: 5, tokens: 2, rateLimits: false});
	entries = simulators.vendors.flatMap(vendor => vendor.configEntries());
	const write = async (path: string, index: number): Promise<void> => {
		await mkdir(join(path, '..'), {recursive: true});
		await writeFile(path, JSON.stringify({accounts: [entries[index]]}));
	};

	await write(join(root, 'flag.yaml'), 0);
	await write(join(root, 'named.yaml'), 1);
	await write(join(root, 'work', 'tokenkit.yaml'), 2);
	await write(join(root, 'xdg', 'tokenkit', 'config.yaml'), 3);
	await write(join(root, 'home', '.config', 'tokenkit', 'config.yaml'), 4);
	await mkdir(join(root, 'empty'));
});

afterAll(async () => {
	await simulators?.close();
});

/** Which account the report lists, and so which config file was read. */
async function accountListed(cwd: string, env: NodeJS.ProcessEnv, argv: readonly string[] = []): Promise<{account: string; stderr: string}> {
	const run = await tokenkit(['inventory', '--format', 'json', '--verbose', ...argv], {cwd: join(root, cwd), env});
	expect(run.code, run.stderr).toBe(0);
	const report = v.parse(v.object({accounts: v.tuple([v.looseObject({account: v.string()})])}), JSON.parse(run.stdout));
	const [{account}] = report.accounts;
	expect(findLeaks([{where: 'stderr', text: run.stderr}], simulators?.allSecrets() ?? [])).toEqual([]);
	return {account, stderr: run.stderr};
}

const nameOf = (index: number): string => entries[index]?.name ?? '';

describe('config discovery', () => {
	const home = (): NodeJS.ProcessEnv => ({HOME: join(root, 'home')});

	it('takes --config over everything', async () => {
		const {account, stderr} = await accountListed('work', {...home(), TOKENKIT_CONFIG: join(root, 'named.yaml'), XDG_CONFIG_HOME: join(root, 'xdg')}, ['--config', '../flag.yaml']);
		expect(account).toBe(nameOf(0));
		expect(stderr).toContain(`tokenkit: config ${join(root, 'flag.yaml')} (from --config)\n`);
	});

	it('then TOKENKIT_CONFIG, relative to the working directory', async () => {
		const {account, stderr} = await accountListed('work', {...home(), TOKENKIT_CONFIG: '../named.yaml', XDG_CONFIG_HOME: join(root, 'xdg')});
		expect(account).toBe(nameOf(1));
		expect(stderr).toContain(`tokenkit: config ${join(root, 'named.yaml')} (from TOKENKIT_CONFIG)\n`);
	});

	it('then ./tokenkit.yaml', async () => {
		const {account, stderr} = await accountListed('work', {...home(), XDG_CONFIG_HOME: join(root, 'xdg')});
		expect(account).toBe(nameOf(2));
		expect(stderr).toContain('(from the working directory)');
	});

	it('then $XDG_CONFIG_HOME/tokenkit/config.yaml', async () => {
		const {account, stderr} = await accountListed('empty', {...home(), XDG_CONFIG_HOME: join(root, 'xdg')});
		expect(account).toBe(nameOf(3));
		expect(stderr).toContain(`tokenkit: config ${join(root, 'xdg', 'tokenkit', 'config.yaml')} (from the user config directory)\n`);
	});

	it('then ~/.config/tokenkit/config.yaml, where XDG_CONFIG_HOME is unset or relative', async () => {
		expect((await accountListed('empty', home())).account).toBe(nameOf(4));
		expect((await accountListed('empty', {...home(), XDG_CONFIG_HOME: 'relative/xdg'})).account).toBe(nameOf(4));
	});

	it('--verbose logs one line per request, with method, path, status and time', async () => {
		const {stderr} = await accountListed('work', {});
		expect(stderr).toMatch(new RegExp(`^tokenkit: opal:${nameOf(2)} GET /v1/tokens\\?page_size=\\d+ -> 200 in \\d+ ms`, 'm'));
	});

	it('refuses a TOKENKIT_CONFIG that names nothing, instead of reading another file (exit 2)', async () => {
		const run = await tokenkit(['inventory'], {cwd: join(root, 'work'), env: {TOKENKIT_CONFIG: 'missing.yaml'}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(`tokenkit: TOKENKIT_CONFIG names ${join(root, 'work', 'missing.yaml')}, which does not exist; set it to a config file, or unset it\n`);
	});

	it('says every place it looked when there is no config (exit 2)', async () => {
		const run = await tokenkit(['inventory'], {cwd: join(root, 'empty'), env: {HOME: join(root, 'nobody')}});
		expect(run.code).toBe(2);
		expect(run.stderr).toContain(`no config file: none of ${join(root, 'empty', 'tokenkit.yaml')}, ${join(root, 'nobody', '.config', 'tokenkit', 'config.yaml')} exists; pass --config FILE, set TOKENKIT_CONFIG, or create one of them`);
	});
});
