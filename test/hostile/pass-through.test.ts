import {describe, expect, it} from 'vitest';
import {parseReport} from '../reliability/support.js';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {passThrough, useHostileVendors} from './vendor.js';

const startHostile = useHostileVendors();

describe('the hostile vendor in pass-through mode', () => {
	it('is invisible: every account lists complete and nothing leaks', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: passThrough, tokens: 5});
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await cli.done).toBe(0);
		const report = parseReport(cli.stdout());
		expect(report.accounts.every(account => account.complete)).toBe(true);
		expect(hostile.server.requests.length).toBeGreaterThan(0);
		expect(findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}], hostile.secrets())).toEqual([]);
	});

	it('finds a key written whole, in part, URL-encoded or in base64, and not its short mask', () => {
		const key = 'api-4f1c9e2a-77b0-4d3e-9a51-0c6f2b8d1e47';
		const around = (text: string) => [{where: 'planted', text: `before ${text} after`}];
		expect(findLeaks(around(key), [key])).toHaveLength(1);
		expect(findLeaks(around(key.slice(5, 17)), [key])).toHaveLength(1);
		expect(findLeaks(around(encodeURIComponent(`x&${key}`)), [`${key}&/`])).toHaveLength(1);
		expect(findLeaks(around(Buffer.from(`Bearer ${key}`).toString('base64')), [key])).toMatchObject([{form: 'base64'}]);
		expect(findLeaks(around(Buffer.from(`x${key}`).toString('base64')), [key])).toMatchObject([{form: 'base64'}]);
		expect(findLeaks(around(Buffer.from(`xy${key}`).toString('base64')), [key])).toMatchObject([{form: 'base64'}]);
		expect(findLeaks(around(`${key.slice(0, 4)}…${key.slice(-4)}`), [key])).toEqual([]);
	});
});
