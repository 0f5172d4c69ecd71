import {execFile} from 'node:child_process';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {buildCliBundle, cliBundle} from '../../scripts/cli-bundle.js';
import {runLoggingModules} from '../support/loaded-modules.js';
import {cliPath, tokenkit} from './built-cli.js';

/*
The bundled command (dist/cli/, made by `npm run build` from tsc's output) is what users run: it must be the bundle
of the code the other tests check, be published whole under the name `bin` gives, and run on its own. That it
lists, audits and rotates is the other end-to-end tests' business: they all run it (built-cli.ts).
*/

const PackageJsonSchema = v.object({version: v.string(), bin: v.object({tokenkit: v.string()}), exports: v.record(v.string(), v.unknown())});
const PackedSchema = v.tuple([v.object({files: v.array(v.object({path: v.string()}))})]);

const packageJson = v.parse(PackageJsonSchema, JSON.parse(await readFile(join(cliBundle.root, 'package.json'), 'utf8')));

/** Every file under the bundle's directory, relative to the repository, `/`-separated. */
async function filesOnDisk(): Promise<string[]> {
	const entries = await readdir(join(cliBundle.root, cliBundle.directory), {recursive: true, withFileTypes: true});
	return entries.filter(entry => entry.isFile()).map(entry => relative(cliBundle.root, join(entry.parentPath, entry.name)).replaceAll('\\', '/')).sort();
}

let simulators: RunningSimulators | undefined;
let directory = '';

beforeAll(async () => {
	simulators = await startSimulators({vendors: ['launchdarkly'], accounts: 1, tokens: 5, rateLimits: false});
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-bundle-'));
	await writeFile(join(directory, 'tokenkit.yaml'), `accounts:\n${simulators.get('launchdarkly').configEntries().map(entry => `  - ${JSON.stringify(entry)}`).join('\n')}\n`);
});

afterAll(async () => {
	await simulators?.close();
});

describe('the bundled command', () => {
	it('is what the bundle step makes of the current build, file for file, and nothing more (run npm run build when not)', async () => {
		const {outputFiles} = await buildCliBundle({write: false});
		const expected = outputFiles.map(file => ({path: relative(cliBundle.root, file.path).replaceAll('\\', '/'), text: file.text}));
		expect(await filesOnDisk()).toEqual(expected.map(file => file.path).sort());
		for (const file of expected) {
			expect({path: file.path, same: await readFile(join(cliBundle.root, file.path), 'utf8') === file.text}).toEqual({path: file.path, same: true});
		}
	}, 60_000);

	it('is the command bin.tokenkit names, published whole; the library entries stay tsc\'s output', async () => {
		expect(packageJson.bin.tokenkit).toBe(cliBundle.entry);
		expect(join(cliBundle.root, packageJson.bin.tokenkit)).toBe(cliPath);
		expect(JSON.stringify(packageJson.exports)).not.toContain(cliBundle.directory);
		const {stdout} = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: cliBundle.root});
		const [{files}] = v.parse(PackedSchema, JSON.parse(stdout));
		const packed = new Set(files.map(file => file.path));
		expect((await filesOnDisk()).filter(file => !packed.has(file))).toEqual([]);
		expect(packed.has(cliBundle.metafile)).toBe(false);
	}, 60_000);

	it('--version prints the version package.json gives', async () => {
		const result = await tokenkit(['--version']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(result.stdout.trim()).toBe(packageJson.version);
	});

	it('lists a LaunchDarkly account from a YAML config running its own chunks only, none of tsc\'s files, and yaml bundled in them', async () => {
		const {run, modules, urls} = await runLoggingModules(cliPath, ['inventory', '--format', 'json'], {cwd: directory});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('"provider": "launchdarkly"');
		const bundleRoot = `${pathToFileURL(join(cliBundle.root, cliBundle.directory)).href}/`;
		expect(urls.filter(url => !url.startsWith(bundleRoot) && !url.startsWith('node:'))).toEqual([]);
		expect(modules).toContain('dist/providers/launchdarkly/vendor.js');
		expect(modules.some(module => module.startsWith('node_modules/yaml/'))).toBe(true);
	});
});
