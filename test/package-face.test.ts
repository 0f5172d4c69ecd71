import {readFile, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import * as tokenkit from '../src/index.js';
import {startSimulators, type RunningSimulators} from '../src/simulators.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** Every module of the built package that loading `entry` loads: its static relative imports, followed (a dynamic `import()` loads on demand only). */
async function moduleGraph(entry: string): Promise<Set<string>> {
	const seen = new Set<string>();
	const queue = [resolve(dist, entry)];
	for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
		if (seen.has(file)) {
			continue;
		}

		seen.add(file);
		const text = await readFile(file, 'utf8');
		for (const match of text.matchAll(/(?:^|\s)(?:from|import)\s+'(\.{1,2}\/[^']+)'/gm)) {
			const specifier = match[1];
			if (specifier !== undefined) {
				queue.push(resolve(dirname(file), specifier));
			}
		}
	}

	return seen;
}

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

describe('the package face', () => {
	it('loads no simulator code from the main entry; tokenkit/simulators has them all', async () => {
		const main = [...await moduleGraph('src/index.js')].map(file => file.slice(dist.length));
		expect(main.length).toBeGreaterThan(50);
		expect(main.filter(file => /simulat/.test(file))).toEqual([]);
		const simulators = [...await moduleGraph('src/simulators.js')].map(file => file.slice(dist.length));
		for (const vendor of tokenkit.builtInVendors.map(definition => definition.name)) {
			expect(simulators).toContain(`providers/${vendor}/simulator.js`);
		}
	});

	it('exports what a script needs and none of the rotation internals', () => {
		const exported = Object.keys(tokenkit);
		for (const name of ['providersFromConfig', 'createMistProvider', 'createGitLabProvider', 'collectInventory', 'auditInventory', 'planRotation', 'applyRotation', 'revokeTokens', 'isTokenkitError', 'isRateLimitError', 'TokenkitError', 'auditSarifWriter', 'openMetricsWriter', 'renderHtmlReport', 'applyAcceptances']) {
			expect(exported).toContain(name);
		}

		for (const name of ['createDurableFile', 'openDurableFileForAppend', 'parseJournal', 'journalHeader', 'journalLine', 'resumeProgress', 'secretRecord', 'startSimulators', 'createMistSimulator']) {
			expect(exported).not.toContain(name);
		}
	});

	it('providersFromConfig builds a working provider for every account of a config file', async () => {
		const simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly', 'gitlab'], tokens: 4, rateLimits: false});
		running.push(simulators);
		const entries = simulators.vendors.flatMap(vendor => vendor.configEntries());
		const env: Record<string, string> = {};
		const accounts = entries.map((entry, index) => {
			env[`KEY_${index}`] = entry.apiKey ?? '';
			return {...entry, apiKey: `\${KEY_${index}}`};
		});
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-face-'));
		const path = join(directory, 'tokenkit.yaml');
		await writeFile(path, JSON.stringify({accounts}));
		const providers = await tokenkit.providersFromConfig(path, {env});
		expect(providers.map(provider => provider.account)).toEqual(entries.map(entry => entry.name));
		for (const provider of providers) {
			const tokens = [];
			for await (const token of provider.list()) {
				tokens.push(token);
			}

			expect(tokens.length).toBeGreaterThan(0);
		}

		await expect(tokenkit.providersFromConfig(join(directory, 'missing.yaml'), {env})).rejects.toSatisfy(tokenkit.isConfigError);
	});

	it('loads no database client from the main entry: openHistory loads node:sqlite or pg when it opens a store', async () => {
		const main = [...await moduleGraph('src/index.js')];
		expect(main.map(file => file.slice(dist.length)).filter(file => /history\/(sqlite|postgres)-driver/.test(file))).toEqual([]);
		const texts = await Promise.all(main.map(async file => readFile(file, 'utf8')));
		expect(texts.filter(text => /from 'pg'|from 'node:sqlite'|import\('pg'\)/.test(text))).toEqual([]);
		expect(Object.keys(tokenkit)).toEqual(expect.arrayContaining(['openHistory', 'saveRun', 'diffRuns', 'listRuns', 'tokenTimeline', 'keyRenewals', 'pruneRuns']));
	});
});
