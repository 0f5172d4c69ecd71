import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import {isActionableWarning} from '../../src/cli/runtime-warnings.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {tokenkit} from './built-cli.js';

/*
A proxy variable routes requests through undici's EnvHttpProxyAgent, which announces itself as experimental on
every run: a warning nobody running tokenkit can act on, so it is not printed (with --debug it is).
*/

let directory = '';
let simulators: RunningSimulators | undefined;

beforeAll(async () => {
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-warnings-'));
	simulators = await startSimulators({vendors: ['opal'], accounts: 1, tokens: 3, rateLimits: false});
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: simulators.vendors.flatMap(vendor => vendor.configEntries())}));
});

afterAll(async () => {
	await simulators?.close();
});

// The proxy is never used: the simulators are on loopback, which NO_PROXY exempts.
const proxied = {HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost'};

describe('runtime warnings', () => {
	it('prints none of Node\'s experimental notices when a proxy variable is set', async () => {
		const run = await tokenkit(['inventory', '--format', 'json', '--quiet'], {cwd: directory, env: proxied});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stderr).toBe('');
	});

	it('shows them with --debug, as one tokenkit line', async () => {
		const run = await tokenkit(['inventory', '--format', 'json', '--quiet', '--debug'], {cwd: directory, env: proxied});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stderr).toMatch(/^tokenkit: warning: Warning \[UNDICI-EHPA\]: EnvHttpProxyAgent is experimental/m);
		expect(run.stderr).not.toContain('--trace-warnings');
	});

	it('still shows a warning about a setting the person chose', () => {
		const insecure = new Error('Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to \'0\' makes TLS connections and HTTPS requests insecure');
		insecure.name = 'Warning';
		expect(isActionableWarning(insecure)).toBe(true);
		const experimental = Object.assign(new Error('EnvHttpProxyAgent is experimental'), {code: 'UNDICI-EHPA'});
		expect(isActionableWarning(experimental)).toBe(false);
		const deprecation = new Error('punycode is deprecated');
		deprecation.name = 'DeprecationWarning';
		expect(isActionableWarning(deprecation)).toBe(false);
	});
});
