import {spawn} from 'node:child_process';
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {findLeaks} from '../support/leak-scan.js';
import {cliPath, finished} from './built-cli.js';

/*
The built command in a pipeline: a reader that stops early (`| head -1`) ends the run quietly with exit 0, so a
`set -o pipefail` script goes on; an interrupt says "interrupted" and never that accounts failed.
*/

let directory = '';
let simulators: RunningSimulators | undefined;

beforeAll(async () => {
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-pipes-'));
	// Slow answers, so the run is still listing when the reader goes or the interrupt comes.
	simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly'], accounts: 2, tokens: 300, rateLimits: false, latency: {fixed: 150, jitter: 0}});
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: simulators.vendors.flatMap(vendor => vendor.configEntries())}));
});

afterAll(async () => {
	await simulators?.close();
});

function start(argv: readonly string[]) {
	return spawn(process.execPath, [cliPath, ...argv], {cwd: directory, env: {PATH: process.env.PATH}, stdio: ['ignore', 'pipe', 'pipe']});
}

describe('tokenkit in a pipeline', () => {
	it.each([['csv'], ['ndjson']])('ends quietly with exit 0 when the reader of its streamed %s output goes away', async format => {
		const child = start(['inventory', '--format', format]);
		const ended = finished(child);
		// The reader takes the first chunk, then closes its end, as `head -1` does.
		child.stdout.once('data', () => {
			child.stdout.destroy();
		});
		const {code, stderr} = await ended;
		expect(code).toBe(0);
		expect(stderr).toBe('');
	});

	it('says "interrupted", not that accounts failed, on SIGINT; exit 130', async () => {
		const child = start(['inventory', '--format', 'ndjson']);
		const ended = finished(child);
		child.stdout.once('data', () => {
			child.kill('SIGINT');
		});
		const {code, stdout, stderr} = await ended;
		expect(code).toBe(130);
		expect(stderr).toMatch(/^tokenkit: interrupted \(accounts \d+\/\d+ complete, tokens \d+, requests \d+, retries \d+, waited [\d.]+ s\); the lists not finished are marked incomplete\n$/);
		expect(stderr).not.toMatch(/failed/);
		// The report still ends with every account, the unfinished ones marked incomplete.
		const accounts = Number(/\/(\d+) complete/.exec(stderr)?.[1]);
		expect(accounts).toBeGreaterThan(0);
		expect(stdout.trimEnd().split('\n').filter(line => line.startsWith('{"account"')).length).toBe(accounts);
		expect(findLeaks([{where: 'stdout', text: stdout}, {where: 'stderr', text: stderr}], simulators?.allSecrets() ?? [])).toEqual([]);
	});
});
