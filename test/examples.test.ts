import {afterEach, describe, expect, it} from 'vitest';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {changeReport, recordRun} from '../examples/history.js';
import {report, risks} from '../examples/inventory.js';
import {createLaunchDarklyProvider, createOpalProvider, openHistory, type Token} from '../src/index.js';
import {startSimulators, type RunningSimulators} from '../src/simulators.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

describe('examples/inventory.ts', () => {
	it('flags admin tokens without an allow-list, unused and expired tokens, and nothing else', () => {
		const now = Date.parse('2026-11-23T00:00:00Z');
		const base: Token = {
			provider: 'mist', account: 'a', id: '1', name: 'n', description: null, kind: 'org', status: 'active', ownCredential: false, owner: null, createdBy: null,
			createdAt: new Date(now - 1000), lastUsedAt: new Date(now - 1000), expiresAt: null,
			privileges: [], admin: false, allowedIps: ['192.0.2.1'], secretHint: null, raw: {},
		};
		expect(risks(base, now)).toEqual([]);
		expect(risks({...base, admin: true, allowedIps: []}, now)).toEqual(['admin and usable from any address']);
		expect(risks({...base, admin: true, allowedIps: null}, now)).toEqual([]);
		expect(risks({...base, lastUsedAt: null}, now)).toEqual(['never used']);
		expect(risks({...base, lastUsedAt: new Date(now - 100 * 86_400_000)}, now)).toEqual(['unused for 100 days']);
		expect(risks({...base, expiresAt: new Date(now - 1)}, now)).toEqual(['expired but still present']);
	});

	it('reports the risky tokens of real accounts through the public API', async () => {
		const simulators = await startSimulators({vendors: ['opal'], tokens: 20, rateLimits: false});
		running.push(simulators);
		const opal = simulators.get('opal');
		const providers = opal.accounts().map(account => createOpalProvider({apiKey: account.apiKey, baseUrl: opal.baseUrl, account: account.name}));
		const lines = await report(providers);
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.every(line => /^opal:opal-org-\d:[0-9a-f-]{36} ".+": /.test(line))).toBe(true);
		expect(lines.some(line => line.includes('never used'))).toBe(true);
	});
});

describe('examples/history.ts', () => {
	it('saves two runs and reports what was created between them, through the public API', async () => {
		const simulators = await startSimulators({vendors: ['launchdarkly'], accounts: 1, tokens: 5, rateLimits: false});
		running.push(simulators);
		const launchdarkly = simulators.get('launchdarkly');
		const [account] = launchdarkly.accounts();
		const provider = createLaunchDarklyProvider({apiKey: account?.apiKey ?? '', baseUrl: launchdarkly.baseUrl, account: account?.name ?? ''});
		const history = await openHistory({path: join(await mkdtemp(join(tmpdir(), 'tokenkit-example-')), 'history.sqlite')});
		try {
			const first = await recordRun(history, [provider]);
			const minted = await provider.create({name: 'made-this-week', privileges: [{role: 'reader', scope: 'account', resource: null}]});
			const second = await recordRun(history, [provider]);
			expect([first.complete, second.tokens - first.tokens]).toEqual([true, 1]);
			expect(await changeReport(history)).toEqual([
				`changes from run 1 (${first.savedAt}) to run 2 (${second.savedAt}):`,
				`launchdarkly:${account?.name ?? ''}:${minted.token.id} "made-this-week": created`,
			]);
		} finally {
			await history.close();
		}
	});
});
