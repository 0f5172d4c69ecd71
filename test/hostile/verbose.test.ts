import {describe, expect, it} from 'vitest';
import {parseReport} from '../reliability/support.js';
import {findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {rateLimitedThenCursorOfKey} from './modes/verbose.js';
import {useHostileVendors} from './vendor.js';

const startHostile = useHostileVendors();

describe('--verbose against a vendor that rate-limits and puts the key in a cursor', () => {
	it('logs each attempt with status, time and retry, and never the key', async () => {
		const hostile = await startHostile({vendor: 'opal', mode: rateLimitedThenCursorOfKey(), tokens: 5, others: false});
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['inventory', '--format', 'json', '--verbose'], {env, cwd: directory});
		expect(await cli.done, cli.stderr()).toBe(0);
		expect(parseReport(cli.stdout()).accounts.every(account => account.complete)).toBe(true);

		const lines = cli.stderr().split('\n').filter(line => / (GET|POST|DELETE) /.test(line));
		const lists = lines.filter(line => line.includes(' GET /v1/tokens?'));
		// Per account: the 429, its retry, and the page the cursor asked for.
		expect(lists).toHaveLength(6);
		const time = String.raw`(\d+ ms|\d+\.\d s)`;
		expect(lists.filter(line => new RegExp(` -> 429 in ${time}; retry in ${time}$`).test(line))).toHaveLength(2);
		expect(lists.filter(line => new RegExp(` \\(attempt 2\\) -> 200 in ${time}`).test(line))).toHaveLength(2);
		const cursorLines = lists.filter(line => line.includes('cursor='));
		expect(cursorLines).toHaveLength(2);
		expect(cursorLines.every(line => line.includes('[redacted]'))).toBe(true);
		expect(lines.every(line => /^tokenkit: opal:opal-org-\d /.test(line))).toBe(true);
		expect(cli.stderr()).not.toMatch(/authorization|bearer/i);
		expect(findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}], hostile.secrets())).toEqual([]);
	});
});
