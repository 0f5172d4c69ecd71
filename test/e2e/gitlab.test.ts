import {readFile, stat} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {tokenkit, type Finished} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
The built command against `tokenkit simulate --vendors gitlab` in another process, with the config it wrote: inventory
and audit with no extra step, a rotation (new id, old key revoked, the new key only in the 0600 file, no grace
allowed), a revoke, and nothing printed or written that holds a key.
*/

const TokenSchema = v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string(), kind: v.string(), status: v.string(), ownCredential: v.boolean(), expiresAt: v.nullable(v.string()), createdAt: v.string(), owner: v.nullable(v.looseObject({status: v.string()}))});
const InventorySchema = v.object({tokens: v.array(TokenSchema), accounts: v.array(v.looseObject({account: v.string(), complete: v.boolean()}))});
const FindingSchema = v.looseObject({ref: v.string(), policy: v.string(), remedy: v.string(), advice: v.string()});

const runs: Finished[] = [];

const simulated = useSimulateProcess('tokenkit-e2e-gitlab-', ['--vendors', 'gitlab', '--tokens', '25', '--seed', '3', '--no-rate-limits']);

async function run(argv: readonly string[]): Promise<Finished> {
	const result = await tokenkit(argv, {cwd: simulated.directory});
	runs.push(result);
	return result;
}

async function inventory() {
	const result = await run(['inventory', '--format', 'json', '--quiet']);
	expect(result.code, result.stderr).toBe(0);
	return v.parse(InventorySchema, JSON.parse(result.stdout));
}

describe('tokenkit with GitLab, built and end to end', () => {
	it('lists every token of every simulated instance from the config simulate wrote, marking the credential', async () => {
		const listed = await inventory();
		const [line] = simulated.vendors;
		expect(line?.vendor).toBe('gitlab');
		expect(listed.accounts.map(account => [account.account, account.complete])).toEqual(line?.accounts.map(account => [account.name, true]));
		expect(listed.tokens).toHaveLength(line?.accounts.reduce((sum, account) => sum + account.tokens, 0) ?? -1);
		expect(listed.tokens.filter(token => token.ownCredential).map(token => token.name)).toEqual(['tokenkit-sim-admin', 'tokenkit-sim-admin']);
		expect(new Set(listed.tokens.map(token => token.status))).toContain('revoked');
	});

	it('audits with GitLab\'s meaning: no expiry only where the instance allows it, and what tokenkit can do about each', async () => {
		const result = await run(['audit', '--format', 'json', '--quiet']);
		expect(result.code, result.stderr).toBe(0);
		const findings = v.parse(v.object({findings: v.array(FindingSchema)}), JSON.parse(result.stdout)).findings;
		const noExpiry = findings.filter(finding => finding.policy === 'no-expiry');
		expect(noExpiry.length).toBeGreaterThan(0);
		expect(noExpiry.every(finding => finding.ref.startsWith('gitlab:gitlab-instance-2:'))).toBe(true);
		for (const policy of ['admin', 'owner-gone', 'never-used']) {
			expect(findings.some(finding => finding.policy === policy), policy).toBe(true);
		}

		expect(findings.filter(finding => finding.policy === 'owner-gone').every(finding => finding.remedy === 'revoke')).toBe(true);
	});

	it('refuses a grace period, then rotates into a new id whose key lands only in the 0600 file, the old token revoked', async () => {
		const before = await inventory();
		// The first by REF, not by arrival (accounts are listed side by side), and one whose owner GitLab still has: a
		// blocked or deleted user's new key is refused like the old one.
		const candidates = before.tokens.filter(token => token.kind === 'personal' && token.status === 'active' && !token.ownCredential && token.expiresAt !== null && token.owner?.status === 'present');
		const target = candidates.sort((left, right) => `${left.account}:${left.id}`.localeCompare(`${right.account}:${right.id}`))[0] ?? expect.fail('no token to rotate');
		const ref = `gitlab:${target.account}:${target.id}`;
		const graced = await run(['rotate', ref, '--grace', '1h', '--secret-out', 'refused.jsonl', '--yes']);
		expect(graced.code).toBe(2);
		expect(graced.stderr).toContain(`${ref}: --grace cannot be given: GitLab's rotate revokes the old key at once`);

		const rotated = await run(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(rotated.code, rotated.stderr).toBe(0);
		const file = join(simulated.directory, 'keys.jsonl');
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		const record = v.parse(v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()}), JSON.parse((await readFile(file, 'utf8')).trim()));
		expect(record).toMatchObject({rotated: ref, name: target.name});
		expect(record.ref).not.toBe(ref);
		const baseUrl = simulated.vendors[0]?.baseUrl ?? '';
		expect((await fetch(`${baseUrl}/api/v4/user`, {headers: {'private-token': record.key}})).status).toBe(200);

		const after = await inventory();
		expect(after.tokens.find(token => `gitlab:${token.account}:${token.id}` === ref)?.status).toBe('revoked');
		const successor = after.tokens.find(token => `gitlab:${token.account}:${token.id}` === record.ref) ?? expect.fail('the new token is not listed');
		// The old lifetime is kept: never the 7 days GitLab gives a rotation sent without an expiry.
		expect(Date.parse(successor.expiresAt ?? '') - Date.now()).toBeGreaterThan(8 * 86_400_000);
		expect(findLeaks([...runs.flatMap((done, index) => [{where: `run ${index} stdout`, text: done.stdout}, {where: `run ${index} stderr`, text: done.stderr}]), ...await filesUnder(simulated.directory, new Set([file, join(simulated.directory, 'tokenkit.yaml')]))], [record.key, ...simulated.vendors.flatMap(line => line.accounts.map(account => account.apiKey))])).toEqual([]);
	});

	it('revokes a group token, which stays listed as revoked', async () => {
		const target = (await inventory()).tokens.find(token => token.id.startsWith('group/') && token.status === 'active' && !token.name.startsWith('tokenkit-')) ?? expect.fail('no group token');
		const ref = `gitlab:${target.account}:${target.id}`;
		const revoked = await run(['revoke', ref, '--yes']);
		expect(revoked.code, revoked.stderr).toBe(0);
		expect((await inventory()).tokens.find(token => `gitlab:${token.account}:${token.id}` === ref)?.status).toBe('revoked');
	});
});
