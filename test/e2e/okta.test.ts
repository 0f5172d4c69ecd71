import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {tokenkit, type Finished} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
Okta through the built command, as a user runs it: `tokenkit simulate --vendors okta --write-config` in one
process, and inventory, audit, rotate and revoke in others, over the config it wrote with no other step.
*/

const simulated = useSimulateProcess('tokenkit-e2e-okta-', ['--vendors', 'okta', '--accounts', '1', '--tokens', '12', '--seed', '5']);

const TokenSchema = v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string(), status: v.string(), ownCredential: v.boolean(), allowedIps: v.nullable(v.array(v.string()))});
const ReportSchema = v.object({tokens: v.array(TokenSchema), accounts: v.array(v.looseObject({account: v.string(), complete: v.boolean()}))});
const AuditSchema = v.looseObject({findings: v.array(v.looseObject({ref: v.string(), policy: v.string(), advice: v.string()}))});

/** What a run printed and wrote (the secret file aside), searched for the org's key and any key given. */
async function leaks(runs: readonly Finished[], minted: readonly string[] = []) {
	const written = (await filesUnder(simulated.directory)).filter(file => !file.where.endsWith('keys.jsonl') && !file.where.endsWith('tokenkit.yaml'));
	const keys = [...simulated.vendors.flatMap(vendor => vendor.accounts.map(account => account.apiKey)), ...minted];
	return findLeaks([...runs.flatMap((run, index) => [{where: `stdout ${index}`, text: run.stdout}, {where: `stderr ${index}`, text: run.stderr}]), ...written], keys);
}

async function inventory() {
	const run = await tokenkit(['inventory', '--format', 'json'], {cwd: simulated.directory});
	expect(run.code, run.stderr).toBe(0);
	return {run, report: v.parse(ReportSchema, JSON.parse(run.stdout))};
}

describe('Okta through the built tokenkit command', () => {
	it('lists the org\'s API tokens and its apps\' client secrets from the written config, and audits them', async () => {
		const {run, report} = await inventory();
		expect(report.accounts).toEqual([expect.objectContaining({account: 'okta-org-1', complete: true}), expect.objectContaining({account: 'okta-org-1-apps', complete: true})]);
		expect(report.tokens).toHaveLength(simulated.vendors[0]?.accounts[0]?.tokens ?? -1);
		expect(report.tokens.filter(token => token.ownCredential).map(token => token.name)).toEqual(['tokenkit-admin']);
		expect(report.tokens.some(token => token.account === 'okta-org-1-apps' && token.status === 'disabled')).toBe(true);

		const audit = await tokenkit(['audit', '--format', 'json'], {cwd: simulated.directory});
		expect(audit.code, audit.stderr).toBe(0);
		const findings = v.parse(AuditSchema, JSON.parse(audit.stdout)).findings;
		expect(findings.find(finding => finding.policy === 'no-ip-allow-list')?.advice).toContain('network condition');
		expect(findings.some(finding => finding.policy === 'owner-gone')).toBe(true);
		expect(findings.some(finding => finding.policy === 'no-expiry')).toBe(false);
		expect(await leaks([run, audit])).toEqual([]);
	});

	it('says what to do instead of rotating an API token, and rotates a client secret into the secret file', async () => {
		const {report} = await inventory();
		const apiToken = report.tokens.find(token => token.account === 'okta-org-1' && !token.ownCredential);
		const unsupported = await tokenkit(['rotate', `okta:okta-org-1:${apiToken?.id ?? ''}`, '--dry-run'], {cwd: simulated.directory});
		expect(unsupported.code).toBe(1);
		expect(`${unsupported.stdout}${unsupported.stderr}`).toContain('Admin Console (Security › API › Tokens › Create token');

		const appOf = (id: string): string => id.split('/')[0] ?? '';
		const secrets = report.tokens.filter(token => token.account === 'okta-org-1-apps');
		const single = secrets.find(token => token.status === 'active' && secrets.filter(other => appOf(other.id) === appOf(token.id)).length === 1);
		const ref = `okta:okta-org-1-apps:${single?.id ?? ''}`;
		const rotated = await tokenkit(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {cwd: simulated.directory});
		expect(rotated.code, rotated.stderr).toBe(0);
		const line = v.parse(v.looseObject({ref: v.string(), rotated: v.string(), key: v.string()}), JSON.parse(await readFile(join(simulated.directory, 'keys.jsonl'), 'utf8')));
		expect(line.rotated).toBe(ref);
		expect(line.ref.startsWith(`okta:okta-org-1-apps:${appOf(single?.id ?? '')}/ocs`)).toBe(true);
		const after = (await inventory()).report.tokens.map(token => `okta:${token.account}:${token.id}`);
		expect(after).toContain(line.ref);
		expect(after).not.toContain(ref);

		const victim = report.tokens.find(token => token.account === 'okta-org-1' && !token.ownCredential && token.id !== apiToken?.id);
		const revoked = await tokenkit(['revoke', `okta:okta-org-1:${victim?.id ?? ''}`, '--yes'], {cwd: simulated.directory});
		expect(revoked.code, revoked.stderr).toBe(0);
		expect((await inventory()).report.tokens.map(token => token.id)).not.toContain(victim?.id);
		expect(await leaks([unsupported, rotated, revoked], [line.key])).toEqual([]);
	});
});
