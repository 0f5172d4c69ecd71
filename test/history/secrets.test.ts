import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterEach, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import {driverOf, openHistory} from '../../src/history/open.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {historyStores} from '../support/history-stores.js';
import {findLeaks, type Captured} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {configWithHistory, type Place} from './support.js';

/*
Everything tokenkit writes into the history, and everything the history commands print, searched for every key there
is: the credential of every account, every key a simulator seeded, every key the rotations minted, and the
PostgreSQL password (the suite's one leak search, test/support/leak-scan.ts). The store is read whole: every row of
every table, and for SQLite the database files' bytes as well.
*/

const stores = await historyStores();
const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

const tables = ['schema_version', 'runs', 'run_accounts', 'token_records', 'run_tokens', 'run_findings', 'key_events'];

for (const store of stores) {
	describe.skipIf(store.skipped !== null)(`the history on ${store.name} holds no secret${store.skipped === null ? '' : ` (skipped: ${store.skipped})`}`, () => {
		it('after saved inventories and audits, rotations and a revocation, and every report of them', async () => {
			const simulators = await startSimulators({accounts: 1, tokens: 6, seed: 11, rateLimits: false});
			running.push(simulators);
			const target = await store.fresh();
			const place = await configWithHistory(simulators, target);
			const printed: Captured[] = [];
			const tokenkit = async (argv: readonly string[], at: Place = place): Promise<{code: number; stdout: string}> => {
				const cli = startCli(argv, {env: at.env, cwd: at.directory});
				const code = await cli.done;
				printed.push({where: `tokenkit ${argv.join(' ')} (stdout)`, text: cli.stdout()}, {where: `tokenkit ${argv.join(' ')} (stderr)`, text: cli.stderr()});
				return {code, stdout: cli.stdout()};
			};

			expect((await tokenkit(['inventory', '--save', '--format', 'json'])).code).toBe(0);
			const audit = await tokenkit(['audit', '--save', '--format', 'json']);
			const refs = v.parse(v.object({findings: v.array(v.object({ref: v.string(), provider: v.string(), ownCredential: v.boolean()}))}), JSON.parse(audit.stdout)).findings;
			const rotatable = ['launchdarkly', 'mist', 'cloudflare', 'gitlab'].map(vendor => refs.find(finding => finding.provider === vendor && !finding.ownCredential)?.ref ?? '');
			expect(rotatable.every(ref => ref !== '')).toBe(true);
			expect((await tokenkit(['rotate', ...rotatable, '--secret-out', 'keys.jsonl', '--yes'])).code).toBe(0);
			const doomed = refs.find(finding => finding.provider === 'opal' && !finding.ownCredential)?.ref ?? '';
			const revoked = await tokenkit(['revoke', doomed, '--yes']);
			expect(revoked.code, revoked.stdout).toBe(0);
			expect((await tokenkit(['inventory', '--save', '--format', 'json'])).code).toBe(0);
			for (const format of ['table', 'json', 'ndjson', 'csv', 'markdown']) {
				expect((await tokenkit(['diff', '--from', '1', '--format', format])).code).toBe(0);
				expect((await tokenkit(['history', '--format', format])).code).toBe(0);
				for (const ref of [...rotatable, doomed]) {
					expect((await tokenkit(['history', '--token', ref, '--format', format])).code).toBe(0);
				}
			}

			expect((await tokenkit(['history', '--import-journal', 'keys.jsonl.journal'])).code).toBe(0);

			const history = await openHistory(target.options);
			const rows: Captured[] = [];
			try {
				for (const table of tables) {
					rows.push({where: `table ${table}`, text: JSON.stringify(await driverOf(history).query(`SELECT * FROM ${table}`))});
				}
			} finally {
				await history.close();
			}

			expect(rows.find(row => row.where === 'table key_events')?.text).toContain('"action":"rotated"');
			const exempt = new Set(['tokenkit.yaml', 'keys.jsonl', 'pg-password'].map(name => join(place.directory, name)));
			const files: Captured[] = [];
			for (const directory of [place.directory, ...('path' in target.options ? [join(target.options.path, '..')] : [])]) {
				for (const entry of await readdir(directory, {withFileTypes: true})) {
					const path = join(directory, entry.name);
					if (entry.isFile() && !exempt.has(path)) {
						files.push({where: path, text: (await readFile(path)).toString('latin1')});
					}
				}
			}

			const secrets = [...simulators.allSecrets(), ...(target.password === null ? [] : [target.password])];
			const minted = (await readFile(join(place.directory, 'keys.jsonl'), 'utf8')).trim().split('\n').map(line => v.parse(v.object({key: v.string()}), JSON.parse(line)).key);
			expect(minted).toHaveLength(rotatable.length);
			expect(files.some(file => file.where.endsWith('.sqlite')) || store.name === 'postgres').toBe(true);
			// The search finds a key where one is: in the secret file, which is where the new keys belong.
			expect(findLeaks([{where: 'keys.jsonl', text: await readFile(join(place.directory, 'keys.jsonl'), 'utf8')}], minted)).toHaveLength(1);
			expect(findLeaks([...printed, ...rows, ...files], [...secrets, ...minted])).toEqual([]);
		});
	});
}
