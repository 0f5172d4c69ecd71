import {spawn} from 'node:child_process';
import {createReadStream} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {Readable} from 'node:stream';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {cliPath, finished} from '../e2e/built-cli.js';
import {startSimulateProcess} from '../e2e/simulate-process.js';

/*
Fifty-one accounts (17 per vendor) of 2,000 tokens each, with faults on, served by `tokenkit simulate` in one
process and listed by `tokenkit inventory` in another, both the built command. The inventory process runs
with a heap ceiling far below what holding the whole inventory would take, and reports at its natural exit
(nothing calls process.exit) its peak memory and what was still open.
*/

const accountsPerVendor = 17;
const tokensPerAccount = 2000;
// A heap this small holds the work in flight, never 100,000 tokens (their JSON alone is 50 MB).
const heapLimitMb = 96;

const exitReport = `data:text/javascript,${encodeURIComponent([
	'import {writeSync} from "node:fs";',
	'let open = null;',
	// beforeExit fires when the event loop has nothing left to do: what remains then was left open on purpose (unref'd) or leaked.
	'process.once("beforeExit", () => { open = process.getActiveResourcesInfo(); });',
	'process.on("exit", () => { writeSync(3, JSON.stringify({maxRssKb: process.resourceUsage().maxRSS, open})); });',
].join('\n'))}`;

const ExitReportSchema = v.object({maxRssKb: v.number(), open: v.nullable(v.array(v.string()))});

const AccountLineSchema = v.object({account: v.looseObject({complete: v.boolean(), traffic: v.looseObject({retries: v.number()})})});
const TokenLineSchema = v.looseObject({provider: v.string(), account: v.string(), id: v.string()});

describe('an inventory of 50 accounts and about 100,000 tokens, with faults on', () => {
	it('completes with every token once, in bounded memory, with no unhandled rejection and nothing left open', async () => {
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-load-'));
		const simulate = await startSimulateProcess([
			// The vendors this load was sized for: 51 accounts, one config entry each.
			'--vendors', 'mist,opal,launchdarkly',
			'--accounts', String(accountsPerVendor), '--tokens', String(tokensPerAccount), '--seed', '5',
			'--faults', '429=0.05,500=0.03,503=0.02,reset=0.02,truncate=0.01',
		], directory);
		try {
			const expected = simulate.vendors.flatMap(vendor => vendor.accounts).reduce((sum, account) => sum + account.tokens, 0);
			expect(expected).toBeGreaterThan(100_000);

			const child = spawn(process.execPath, [
				`--max-old-space-size=${heapLimitMb}`, '--unhandled-rejections=strict', `--import=${exitReport}`,
				cliPath, 'inventory', '--format', 'ndjson', '--output', 'inventory.ndjson', '--quiet',
			], {cwd: directory, env: {PATH: process.env.PATH}, stdio: ['ignore', 'pipe', 'pipe', 'pipe']});
			const reporter = child.stdio[3];
			const report: Buffer[] = [];
			if (reporter instanceof Readable) {
				reporter.on('data', (chunk: Buffer) => report.push(chunk));
			}

			const result = await finished(child);
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
			const {maxRssKb, open} = v.parse(ExitReportSchema, JSON.parse(Buffer.concat(report).toString('utf8')));
			// Every socket and timer was closed: the process ran out of work and exited by itself.
			expect(open?.filter(resource => !['TTYWrap', 'PipeWrap'].includes(resource)) ?? []).toEqual([]);
			expect(maxRssKb / 1024).toBeLessThan(256);

			const ids = new Set<string>();
			let retries = 0;
			let complete = 0;
			for await (const line of createInterface({input: createReadStream(join(directory, 'inventory.ndjson'))})) {
				const record: unknown = JSON.parse(line);
				if (v.is(AccountLineSchema, record)) {
					complete += record.account.complete ? 1 : 0;
					retries += record.account.traffic.retries;
				} else {
					const token = v.parse(TokenLineSchema, record);
					ids.add(`${token.provider}/${token.account}/${token.id}`);
				}
			}

			expect(complete).toBe(accountsPerVendor * 3);
			expect(ids.size).toBe(expected);
			// The faults were real: tokenkit retried through them.
			expect(retries).toBeGreaterThan(5);
		} finally {
			const stopped = await simulate.stop();
			expect(stopped.code).toBe(0);
		}
	}, 180_000);
});
