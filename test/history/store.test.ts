import {afterEach, describe, expect, it} from 'vitest';
import {diffRuns} from '../../src/history/diff-runs.js';
import {HistoryError} from '../../src/history/history-error.js';
import {keyRenewals, recordKeyEvents, type KeyEvent} from '../../src/history/key-events.js';
import {listRuns} from '../../src/history/list-runs.js';
import {driverOf, openHistory, type History} from '../../src/history/open.js';
import {pruneRuns} from '../../src/history/prune.js';
import {saveRun} from '../../src/history/save-run.js';
import {tokenTimeline} from '../../src/history/timeline.js';
import {packageVersion} from '../../src/package-version.js';
import {createRedactor} from '../../src/redaction/redactor.js';
import type {Token} from '../../src/token.js';
import {historyStores} from '../support/history-stores.js';
import {accountsOf, token} from './tokens.js';

const stores = await historyStores();
const opened: History[] = [];
afterEach(async () => {
	await Promise.all(opened.splice(0).map(async history => history.close()));
});

const day = 86_400_000;

for (const store of stores) {
	describe.skipIf(store.skipped !== null)(`the history store on ${store.name}${store.skipped === null ? '' : ` (skipped: ${store.skipped})`}`, () => {
		async function open(): Promise<History> {
			const history = await openHistory((await store.fresh()).options);
			opened.push(history);
			return history;
		}

		let clock = Date.parse('2026-03-01T00:00:00.000Z');
		async function save(history: History, tokens: readonly Token[], incomplete: readonly string[] = [], command = 'inventory') {
			clock += day;
			const audits = command === 'audit' ? tokens.map(item => ({token: item, findings: []})) : undefined;
			return saveRun(history, {startedAt: new Date(clock - 60_000), savedAt: new Date(clock), command, accounts: accountsOf(tokens, incomplete), tokens, audits});
		}

		it('lists saved runs with their time, command, version, accounts, tokens and completeness', async () => {
			const history = await open();
			const first = await save(history, [token({id: '1'}), token({id: '2', account: 'eu'})]);
			await saveRun(history, {
				startedAt: new Date('2026-04-01T10:00:00.000Z'),
				savedAt: new Date('2026-04-01T10:05:00.000Z'),
				command: 'audit',
				accounts: accountsOf([token({id: '1'})], ['hq']),
				tokens: [token({id: '1'})],
				audits: [{token: token({id: '1'}), findings: [{policy: 'stale', severity: 'high', reason: 'unused for 400 days (threshold 90)', remedy: 'revoke', advice: 'revoke it', owasp: {id: 'NHI1:2025', title: 'Improper Offboarding'}}]}],
			});
			expect(first).toMatchObject({command: 'inventory', complete: true, accounts: 2, incompleteAccounts: 0, tokens: 2, findings: null, tokenkitVersion: packageVersion()});
			const runs = await listRuns(history);
			expect(runs.map(run => run.id)).toEqual([first.id, first.id + 1]);
			expect(runs[1]).toEqual({
				id: first.id + 1,
				startedAt: '2026-04-01T10:00:00.000Z',
				savedAt: '2026-04-01T10:05:00.000Z',
				command: 'audit',
				tokenkitVersion: packageVersion(),
				complete: false,
				accounts: 1,
				incompleteAccounts: 1,
				tokens: 1,
				findings: 1,
			});
			expect((await listRuns(history, {limit: 1})).map(run => run.id)).toEqual([first.id + 1]);
		});

		it('keeps two findings of one rule on one token: two accepted risks of it that lapsed', async () => {
			const history = await open();
			const owasp = {id: 'NHI1:2025', title: 'Improper Offboarding'};
			const lapsed = (policy: string) => ({policy: 'acceptance-expired' as const, severity: 'low' as const, reason: `the acceptance of ${policy} lapsed on 2026-01-01`, remedy: 'none' as const, advice: 'renew or fix', owasp});
			const saved = await saveRun(history, {
				startedAt: new Date('2026-05-01T10:00:00.000Z'),
				savedAt: new Date('2026-05-01T10:05:00.000Z'),
				command: 'audit',
				accounts: accountsOf([token({id: '1'})]),
				tokens: [token({id: '1'})],
				audits: [{token: token({id: '1'}), findings: [lapsed('stale'), lapsed('admin')]}],
			});
			expect(saved.findings).toBe(2);
			const timeline = await tokenTimeline(history, 'mist:hq:1');
			expect(timeline.entries.at(-1)?.findings).toEqual(['acceptance-expired', 'acceptance-expired']);
		});

		it('reports created, removed and changed tokens, each change by what matters', async () => {
			const history = await open();
			const stable = token({id: 'stable'});
			const before = [
				stable,
				token({id: 'gone', name: 'old-ci'}),
				token({id: 'wider'}),
				token({id: 'admin'}),
				token({id: 'open', allowedIps: ['198.51.100.7']}),
				token({id: 'closed', allowedIps: []}),
				token({id: 'forever', expiresAt: new Date('2026-06-01T00:00:00.000Z')}),
				token({id: 'later', expiresAt: new Date('2026-06-01T00:00:00.000Z')}),
				token({id: 'orphan', owner: {id: 'u2', email: 'bob@example.com', status: 'present'}}),
				token({id: 'orphan2', createdBy: {id: 'u3', email: 'cy@example.com', status: 'present'}}),
				token({id: 'rekeyed', secretHint: '…1111'}),
				token({id: 'renamed', name: 'deploy'}),
				token({id: 'revoked'}),
				token({id: 'used'}),
			];
			const after = [
				// Only its last use moved: no change.
				{...stable, lastUsedAt: new Date('2026-02-01T00:00:00.000Z')},
				token({id: 'new', name: 'fresh'}),
				token({id: 'wider', privileges: [{role: 'read', scope: 'org', resource: null}, {role: 'write', scope: 'site', resource: 's1'}]}),
				token({id: 'admin', admin: true, privileges: [{role: 'admin', scope: 'org', resource: null}]}),
				token({id: 'open', allowedIps: []}),
				token({id: 'closed', allowedIps: ['203.0.113.9']}),
				token({id: 'forever', expiresAt: null}),
				token({id: 'later', expiresAt: new Date('2027-06-01T00:00:00.000Z')}),
				token({id: 'orphan', owner: {id: 'u2', email: 'bob@example.com', status: 'gone'}}),
				token({id: 'orphan2', createdBy: null}),
				token({id: 'rekeyed', secretHint: '…2222'}),
				token({id: 'renamed', name: 'deploy-prod'}),
				token({id: 'revoked', status: 'revoked'}),
				// The vendor lists privileges in another order: no change.
				token({id: 'used', privileges: [{role: 'read', scope: 'org', resource: null}], allowedIps: ['192.0.2.0/24']}),
			];
			const from = await save(history, before);
			const to = await save(history, after);
			const diff = await diffRuns(history);
			expect(diff.from.id).toBe(from.id);
			expect(diff.to.id).toBe(to.id);
			const byId = Object.fromEntries(diff.tokens.map(entry => [entry.id, entry.change === 'changed' ? entry.changes.map(change => change.kind) : entry.change]));
			expect(byId).toEqual({
				new: 'created',
				gone: 'removed',
				wider: ['widened'],
				admin: ['admin', 'widened', 'narrowed'],
				open: ['allow-list-removed'],
				closed: ['allow-list-added'],
				forever: ['expiry-removed'],
				later: ['expiry-extended'],
				orphan: ['owner-gone'],
				orphan2: ['owner-gone'],
				rekeyed: ['rotated'],
				renamed: ['renamed'],
				revoked: ['revoked'],
			});
			expect(diff.tokens.find(entry => entry.id === 'gone')).toMatchObject({ref: 'mist:hq:gone', name: 'old-ci', after: null, before: {name: 'old-ci'}});
			expect(diff.tokens.find(entry => entry.id === 'later')?.changes[0]?.detail).toBe('2026-06-01 → 2027-06-01');
			expect(diff.tokens.find(entry => entry.id === 'open')?.changes[0]?.detail).toBe('198.51.100.7 → any address');
			expect(diff.accounts).toEqual([{provider: 'mist', account: 'hq', status: 'compared', fromComplete: true, toComplete: true, created: 1, removed: 1, changed: 11}]);
			expect(diff.classes).toEqual(expect.arrayContaining(['created', 'removed', 'admin', 'widened', 'allow-list-removed', 'owner-gone', 'rotated']));
			expect(diff.classes).not.toContain('other');
		});

		it('never calls a token removed when its account\'s later list was incomplete, nor created when the earlier one was', async () => {
			const history = await open();
			await save(history, [token({id: 'a'}), token({id: 'b'}), token({id: 'x', account: 'eu'})]);
			await save(history, [token({id: 'a', name: 'a2'}), token({id: 'x', account: 'eu'}), token({id: 'y', account: 'eu'})], ['hq']);
			const partial = (await listRuns(history)).at(-1);
			expect(partial?.complete).toBe(false);
			const diff = await diffRuns(history, {from: 1, to: partial?.id});
			// b is missing from an incomplete list: no evidence it was removed. a's change is still real.
			expect(diff.tokens.map(entry => [entry.account, entry.id, entry.change])).toEqual([['eu', 'y', 'created'], ['hq', 'a', 'changed']]);
			expect(diff.accounts.map(account => [account.account, account.status])).toEqual([['eu', 'compared'], ['hq', 'partial']]);

			const after = await save(history, [token({id: 'a', name: 'a2'}), token({id: 'c'}), token({id: 'x', account: 'eu'})]);
			const recovered = await diffRuns(history, {from: partial?.id, to: after.id});
			// From an incomplete list, c may only have been unread: not created. y vanished from a complete list: removed.
			expect(recovered.tokens.map(entry => [entry.account, entry.id, entry.change])).toEqual([['eu', 'y', 'removed']]);
		});

		it('compares the last two complete runs by default, and says so when there are not two', async () => {
			const history = await open();
			await expect(diffRuns(history)).rejects.toThrow(/holds no complete run.*tokenkit inventory --save/);
			const first = await save(history, [token({id: 'a'})]);
			await expect(diffRuns(history)).rejects.toThrow(HistoryError);
			await expect(diffRuns(history)).rejects.toThrow(/holds only 1 complete run before run 1/);
			await save(history, [token({id: 'a'}), token({id: 'b'})], ['hq']);
			const third = await save(history, [token({id: 'a'}), token({id: 'c'})]);
			const diff = await diffRuns(history);
			expect([diff.from.id, diff.to.id]).toEqual([first.id, third.id]);
			expect(diff.tokens.map(entry => [entry.id, entry.change])).toEqual([['c', 'created']]);
			await expect(diffRuns(history, {from: 99})).rejects.toThrow('the history store holds no run 99');
			await expect(diffRuns(history, {from: third.id})).rejects.toThrow(/both name run/);
			// A moment picks the newest complete run saved by then.
			const byDate = await diffRuns(history, {from: new Date(Date.parse(first.savedAt) + 1000)});
			expect(byDate.from.id).toBe(first.id);
		});

		it('treats an expiry that follows each use as use, not as a change', async () => {
			const history = await open();
			const window = 30 * day;
			const used = (at: string): Token => token({id: 'okta', provider: 'okta', account: 'acme', lastUsedAt: new Date(at), expiresAt: new Date(Date.parse(at) + window)});
			await save(history, [used('2026-02-01T08:00:00.000Z')]);
			await save(history, [used('2026-02-20T09:30:00.000Z')]);
			expect((await diffRuns(history)).tokens).toEqual([]);
			await save(history, [{...used('2026-02-20T09:30:00.000Z'), expiresAt: new Date('2027-01-01T00:00:00.000Z')}]);
			expect((await diffRuns(history)).tokens.map(entry => entry.changes.map(change => change.kind))).toEqual([['expiry-extended']]);
		});

		it('tells accounts added to or dropped from the config apart from created and removed tokens', async () => {
			const history = await open();
			await save(history, [token({id: 'a'}), token({id: 'old', account: 'retired'})]);
			await save(history, [token({id: 'a'}), token({id: 'n', account: 'newcomer'})]);
			const diff = await diffRuns(history);
			expect(diff.tokens).toEqual([]);
			expect(diff.accounts.map(account => [account.account, account.status])).toEqual([['hq', 'compared'], ['newcomer', 'added'], ['retired', 'dropped']]);
		});

		it('keeps one record per distinct token content, shared by the runs that saw it', async () => {
			const history = await open();
			const tokens = Array.from({length: 50}, (_, index) => token({id: String(index)}));
			await save(history, tokens);
			await save(history, tokens.map(item => ({...item, lastUsedAt: new Date('2026-02-02T00:00:00.000Z')})));
			await save(history, [...tokens.slice(1), token({id: '0', name: 'renamed'})]);
			const driver = driverOf(history);
			const [records] = await driver.query('SELECT COUNT(*) AS count FROM token_records');
			const [rows] = await driver.query('SELECT COUNT(*) AS count FROM run_tokens');
			expect(records?.['count']).toBe(51);
			expect(rows?.['count']).toBe(150);
		});

		it('records a run and its findings without a secret the redactor knows, even one a vendor put in a name', async () => {
			const history = await open();
			const secret = 'sk-live-0123456789abcdefghij';
			const redactor = createRedactor([secret]);
			const leaky = token({id: 'leak', name: `ci ${secret}`, description: `key ${secret.slice(3, 19)}`});
			await saveRun(history, {
				startedAt: new Date(), command: 'audit', accounts: [{provider: 'mist', account: 'hq', complete: false, error: {message: `refused key ${secret}`}}], tokens: [leaky],
				audits: [{token: leaky, findings: [{policy: 'admin', severity: 'high', reason: `named ${secret}`, remedy: 'none', advice: 'narrow', owasp: {id: 'NHI5:2025', title: 'Overprivileged NHI'}}]}],
			}, {redactor});
			const driver = driverOf(history);
			const everything = JSON.stringify(await Promise.all(['runs', 'run_accounts', 'token_records', 'run_tokens', 'run_findings'].map(async table => driver.query(`SELECT * FROM ${table}`))));
			expect(everything).toContain('[redacted]');
			expect(everything).not.toContain(secret.slice(0, 12));
			expect(everything).not.toContain(secret.slice(3, 15));
		});

		it('refuses a token of an account the run does not name, and a token named twice, before writing anything', async () => {
			const history = await open();
			await expect(saveRun(history, {startedAt: new Date(), accounts: [], tokens: [token({id: 'a'})]})).rejects.toThrow('names mist account "hq", which is not among the run\'s accounts');
			await expect(saveRun(history, {startedAt: new Date(), accounts: accountsOf([token({id: 'a'})]), tokens: [token({id: 'a'}), token({id: 'a'})]})).rejects.toThrow('mist:hq:a is in the run twice');
			expect(await listRuns(history)).toEqual([]);
		});

		it('tells a token\'s story: first seen, changed, rotated by tokenkit, unlisted, vanished, reappeared', async () => {
			const history = await open();
			await save(history, [token({id: 'other'})]);
			await save(history, [token({id: 'other'}), token({id: 't', name: 'ci'})], [], 'audit');
			await save(history, [token({id: 'other'}), token({id: 't', name: 'ci', allowedIps: []})]);
			const rotatedAt = new Date(clock + 1000).toISOString();
			await recordKeyEvents(history, [{action: 'rotated', at: rotatedAt, provider: 'mist', account: 'hq', tokenId: 't', newTokenId: 't', oldKey: 'valid-until', oldKeyUntil: new Date(clock + 3_600_000).toISOString(), source: 'rotate'}]);
			await save(history, [token({id: 'other'}), token({id: 't', name: 'ci', allowedIps: []})]);
			await save(history, [token({id: 'other'})], ['hq']);
			await save(history, [token({id: 'other'})]);
			await save(history, [token({id: 'other'}), token({id: 't', name: 'ci-again', allowedIps: []})]);
			const timeline = await tokenTimeline(history, 'mist:hq:t');
			expect(timeline.entries.map(entry => [entry.event, entry.run, entry.changes.map(change => change.kind)])).toEqual([
				['created', 2, []],
				['changed', 3, ['allow-list-removed']],
				['rotated', null, []],
				['changed', 4, ['rotated']],
				['unlisted', 5, []],
				['vanished', 6, []],
				['reappeared', 7, ['renamed']],
			]);
			expect(timeline.entries[0]?.findings).toEqual([]);
			expect(timeline.entries[1]?.findings).toBeNull();
			expect(timeline.entries[2]?.detail).toMatch(/^rotated by tokenkit \(rotate\): a new key for the same token; the old key works until /);
			expect(timeline).toMatchObject({ref: 'mist:hq:t', present: true, lastSeen: {run: 7}, last: {name: 'ci-again'}});
			await expect(tokenTimeline(history, 'mist:hq:never')).rejects.toThrow('no saved run of mist account "hq" listed token never');
			await expect(tokenTimeline(history, 'mist:nowhere:t')).rejects.toThrow('no run that listed mist account "nowhere"');
		});

		it('records each rotation once, and gives the audit the time a key was last renewed', async () => {
			const history = await open();
			const event: KeyEvent = {action: 'rotated', at: '2026-05-01T12:00:00.000Z', provider: 'launchdarkly', account: 'prod', tokenId: 'x', newTokenId: 'x', oldKey: 'revoked', oldKeyUntil: null, source: 'rotate'};
			const replaced: KeyEvent = {...event, provider: 'mist', account: 'hq', tokenId: 'old', newTokenId: 'new', at: '2026-05-02T12:00:00.000Z'};
			expect(await recordKeyEvents(history, [event, replaced])).toBe(2);
			expect(await recordKeyEvents(history, [event, {...event, at: '2026-05-03T12:00:00.000Z'}])).toBe(1);
			const renewedAt = await keyRenewals(history);
			expect(renewedAt({provider: 'launchdarkly', account: 'prod', id: 'x'})?.toISOString()).toBe('2026-05-03T12:00:00.000Z');
			expect(renewedAt({provider: 'mist', account: 'hq', id: 'new'})?.toISOString()).toBe('2026-05-02T12:00:00.000Z');
			expect(renewedAt({provider: 'mist', account: 'hq', id: 'old'})).toBeNull();
		});

		it('explains a removed token that tokenkit revoked or replaced, and a rotation that left the record as it was', async () => {
			const history = await open();
			await save(history, [token({id: 'keep', secretHint: null}), token({id: 'revoke-me'}), token({id: 'twin-old'})]);
			const between = new Date(clock + 1000).toISOString();
			await recordKeyEvents(history, [
				{action: 'revoked', at: between, provider: 'mist', account: 'hq', tokenId: 'revoke-me', newTokenId: null, oldKey: null, oldKeyUntil: null, source: 'revoke'},
				{action: 'rotated', at: between, provider: 'mist', account: 'hq', tokenId: 'twin-old', newTokenId: 'twin-new', oldKey: 'revoked', oldKeyUntil: null, source: 'rotate'},
				{action: 'rotated', at: between, provider: 'mist', account: 'hq', tokenId: 'keep', newTokenId: 'keep', oldKey: 'revoked', oldKeyUntil: null, source: 'rotate'},
			]);
			await save(history, [token({id: 'keep', secretHint: null}), token({id: 'twin-new'})]);
			const diff = await diffRuns(history);
			expect(diff.tokens.map(entry => [entry.id, entry.change, entry.byTokenkit?.action ?? null, entry.changes.map(change => change.kind)])).toEqual([
				['revoke-me', 'removed', 'revoked', []],
				['twin-new', 'created', 'rotated', []],
				['twin-old', 'removed', 'rotated', []],
				['keep', 'changed', 'rotated', ['rotated']],
			].sort((a, b) => ['created', 'removed', 'changed'].indexOf(String(a[1])) - ['created', 'removed', 'changed'].indexOf(String(b[1])) || String(a[0]).localeCompare(String(b[0]))));
		});

		it('prunes old runs and the records only they used, always keeping the newest complete run', async () => {
			const history = await open();
			await save(history, [token({id: 'a', name: 'v1'})]);
			await save(history, [token({id: 'a', name: 'v2'})]);
			const newestComplete = await save(history, [token({id: 'a', name: 'v3'})]);
			await save(history, [token({id: 'a', name: 'v4'})], ['hq']);
			const pruned = await pruneRuns(history, {before: new Date(clock + day)});
			// The incomplete run after it goes too: it is older than the cut, and never a diff's default base.
			expect(pruned).toEqual({runs: 3, records: 3});
			expect((await listRuns(history)).map(run => run.id)).toEqual([newestComplete.id]);
			const [records] = await driverOf(history).query('SELECT COUNT(*) AS count FROM token_records');
			expect(records?.['count']).toBe(1);
		});

		it('creates its schema once, records the version, and refuses a store from a newer tokenkit', async () => {
			const target = await store.fresh();
			const first = await openHistory(target.options);
			const second = await openHistory(target.options);
			opened.push(first);
			const rows = await driverOf(second).query('SELECT version, tokenkit_version FROM schema_version');
			expect(rows).toEqual([{version: 1, tokenkit_version: packageVersion()}]);
			await driverOf(second).query('INSERT INTO schema_version (version, applied_at, tokenkit_version) VALUES (?, ?, ?)', [99, new Date().toISOString(), '99.0.0']);
			await second.close();
			await expect(openHistory(target.options)).rejects.toThrow(/has schema version 99, written by a newer tokenkit; this one knows up to version 1: upgrade tokenkit/);
		});
	});
}
