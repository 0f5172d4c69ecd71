import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {tokenkit, type Finished} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
OpenAI through the built command, as a user runs it: `tokenkit simulate --vendors openai --write-config` in one
process, and inventory, audit, rotate and revoke in others, over the config it wrote with no other step.
*/

const simulated = useSimulateProcess('tokenkit-e2e-openai-', ['--vendors', 'openai', '--accounts', '1', '--tokens', '30', '--seed', '5']);

const TokenSchema = v.looseObject({
	provider: v.string(),
	account: v.string(),
	id: v.string(),
	name: v.string(),
	kind: v.string(),
	status: v.string(),
	ownCredential: v.boolean(),
	secretHint: v.nullable(v.string()),
	owner: v.nullable(v.looseObject({status: v.string()})),
	raw: v.looseObject({}),
});
const ReportSchema = v.object({tokens: v.array(TokenSchema), accounts: v.array(v.looseObject({account: v.string(), complete: v.boolean()}))});
const AuditSchema = v.looseObject({findings: v.array(v.looseObject({ref: v.string(), policy: v.string(), remedy: v.string(), advice: v.string()}))});
const ConfigSchema = v.object({accounts: v.array(v.record(v.string(), v.string()))});
const SecretLineSchema = v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

/** What runs printed and wrote (the secret file and the config aside), searched for the organization's key and any given. */
async function leaks(runs: readonly Finished[], minted: readonly string[] = []) {
	const written = (await filesUnder(simulated.directory)).filter(file => !/keys[\w-]*\.jsonl$/.test(file.where) && !file.where.endsWith('tokenkit.yaml'));
	const keys = [...simulated.vendors.flatMap(vendor => vendor.accounts.map(account => account.apiKey)), ...minted];
	return findLeaks([...runs.flatMap((run, index) => [{where: `stdout ${index}`, text: run.stdout}, {where: `stderr ${index}`, text: run.stderr}]), ...written], keys);
}

async function inventory() {
	const run = await tokenkit(['inventory', '--format', 'json'], {cwd: simulated.directory});
	expect(run.code, run.stderr).toBe(0);
	return {run, report: v.parse(ReportSchema, JSON.parse(run.stdout))};
}

const ref = (id: string): string => `openai:openai-org-1:${id}`;

describe('OpenAI through the built tokenkit command', () => {
	it('lists the organization\'s admin keys and every project\'s keys from the written config, and audits them', async () => {
		const {run, report} = await inventory();
		expect(report.accounts).toEqual([expect.objectContaining({account: 'openai-org-1', complete: true})]);
		expect(report.tokens).toHaveLength(simulated.vendors[0]?.accounts[0]?.tokens ?? -1);
		expect(report.tokens.filter(token => token.ownCredential).map(token => token.name)).toEqual(['tokenkit-admin']);
		expect(new Set(report.tokens.map(token => token.kind))).toEqual(new Set(['org', 'personal', 'service']));
		expect(report.tokens.some(token => token.status === 'disabled')).toBe(true);
		// The hint is the mask's tail; the mask itself stays in raw, and no value is anywhere.
		expect(report.tokens.every(token => /^….{4}$/.test(token.secretHint ?? '') && !('value' in token.raw))).toBe(true);

		const table = await tokenkit(['inventory', '--format', 'table'], {cwd: simulated.directory});
		expect(table.code).toBe(0);
		expect(table.stdout).toContain('tokenkit-admin *');

		const audit = await tokenkit(['audit', '--format', 'json'], {cwd: simulated.directory});
		expect(audit.code, audit.stderr).toBe(0);
		const {findings} = v.parse(AuditSchema, JSON.parse(audit.stdout));
		const of = (policy: string) => findings.filter(finding => finding.policy === policy);
		expect(of('admin').length).toBeGreaterThan(0);
		expect(of('owner-gone').length).toBeGreaterThan(0);
		expect(of('stale').length + of('never-used').length).toBeGreaterThan(0);
		expect(of('no-expiry')[0]?.advice).toContain('OpenAI sets an expiry only when a key is made');
		expect(of('no-ip-allow-list')).toEqual([]);
		// A user's key is never offered to tokenkit rotate.
		const personal = new Set(report.tokens.filter(token => token.kind === 'personal').map(token => ref(token.id)));
		expect(findings.filter(finding => personal.has(finding.ref)).every(finding => finding.remedy !== 'rotate')).toBe(true);
		expect(await leaks([run, table, audit])).toEqual([]);
	});

	it('refuses to rotate a user\'s key at plan time, rotates admin and service-account keys into the secret file, and revokes', async () => {
		const {report} = await inventory();
		const user = report.tokens.find(token => token.kind === 'personal' && token.status === 'active');
		const unsupported = await tokenkit(['rotate', ref(user?.id ?? ''), '--dry-run'], {cwd: simulated.directory});
		expect(unsupported.code).toBe(1);
		expect(`${unsupported.stdout}${unsupported.stderr}`).toContain('OpenAI\'s API cannot create a user\'s project key: ask its owner to create a new key in the dashboard');

		const admin = report.tokens.find(token => token.kind === 'org' && !token.ownCredential);
		const service = report.tokens.find(token => token.kind === 'service' && token.status === 'active' && token.owner?.status === 'present');
		const refs = [ref(admin?.id ?? ''), ref(service?.id ?? '')];
		const dry = await tokenkit(['rotate', ...refs, '--dry-run'], {cwd: simulated.directory});
		expect(dry.code, dry.stdout).toBe(0);
		expect(dry.stdout).toContain('OpenAI mints a key with the same name and lifetime');

		const rotated = await tokenkit(['rotate', ...refs, '--secret-out', 'keys.jsonl', '--yes'], {cwd: simulated.directory});
		expect(rotated.code, rotated.stderr).toBe(0);
		const lines = (await readFile(join(simulated.directory, 'keys.jsonl'), 'utf8')).trimEnd().split('\n').map(text => v.parse(SecretLineSchema, JSON.parse(text)));
		expect(lines.map(line => line.rotated)).toEqual(refs);
		expect(lines.map(line => line.name)).toEqual([admin?.name, service?.name]);
		expect(lines[0]?.key).toMatch(/^sk-admin-/);
		expect(lines[1]?.key).toMatch(/^sk-svcacct-/);
		const after = (await inventory()).report.tokens.map(token => ref(token.id));
		expect(after).toEqual(expect.arrayContaining(lines.map(line => line.ref)));
		expect(after.filter(entry => refs.includes(entry))).toEqual([]);

		const victims = [report.tokens.find(token => token.kind === 'personal' && token.id !== user?.id), report.tokens.find(token => token.kind === 'org' && !token.ownCredential && token.id !== admin?.id)];
		const revoked = await tokenkit(['revoke', ...victims.map(token => ref(token?.id ?? '')), '--yes'], {cwd: simulated.directory});
		expect(revoked.code, revoked.stdout).toBe(0);
		expect(revoked.stdout).toContain('2 revoked, 0 failed.');
		const left = (await inventory()).report.tokens.map(token => token.id);
		expect(victims.filter(token => left.includes(token?.id ?? ''))).toEqual([]);
		expect(await leaks([unsupported, dry, rotated, revoked], lines.map(line => line.key))).toEqual([]);
	});

	it('refuses to rotate or revoke its own admin key unless asked', async () => {
		const {report} = await inventory();
		const own = report.tokens.find(token => token.ownCredential);
		const refused = await tokenkit(['revoke', ref(own?.id ?? ''), '--yes'], {cwd: simulated.directory});
		expect(refused.code).toBe(1);
		expect(refused.stdout).toContain('the key tokenkit authenticates with');
		expect((await inventory()).report.tokens.map(token => token.id)).toContain(own?.id);
	});

	it('names file, line, account and field for a bad OpenAI entry (exit 2, nothing sent), and says an admin key is needed when OpenAI refuses one', async () => {
		const config = v.parse(ConfigSchema, JSON.parse(await readFile(join(simulated.directory, 'tokenkit.yaml'), 'utf8')));
		const [first] = config.accounts;
		const bad = await mkdtemp(join(tmpdir(), 'tokenkit-e2e-openai-bad-'));
		const projectKey = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
		const cases: Array<[Record<string, unknown>, RegExp]> = [
			[{...first, apiKey: projectKey}, /tokenkit\.yaml:\d+: \[tokenkit:openai\] account "openai-org-1": field "apiKey" is a project API key \(sk-proj-…\), not an organization admin key/],
			[{...first, projects: ['proj_ok', 'production']}, /tokenkit\.yaml:\d+: \[tokenkit:openai\] account "openai-org-1": field "projects\[1\]": "production" is not an OpenAI project id/],
			[{...first, projects: 'proj_ok'}, /tokenkit\.yaml:\d+: account "openai-org-1": field "projects"/],
			[{...first, pageSize: 500}, /account "openai-org-1": field "pageSize" must be a whole number from 1 to 100/],
			[{...first, organization: 'org-1'}, /account "openai-org-1".*"organization"/],
		];
		for (const [entry, message] of cases) {
			await writeFile(join(bad, 'tokenkit.yaml'), JSON.stringify({accounts: [entry]}, null, 2), {mode: 0o600});
			const result = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
			expect(result.code, result.stderr).toBe(2);
			expect(result.stderr).toMatch(message);
			expect(findLeaks([{where: 'stderr', text: result.stderr}], [...simulated.vendors.flatMap(vendor => vendor.accounts.map(account => account.apiKey)), projectKey])).toEqual([]);
		}

		// A project the organization does not have is known only once asked: exit 1, naming the field.
		await writeFile(join(bad, 'tokenkit.yaml'), JSON.stringify({accounts: [{...first, projects: ['proj_notInThisOrganization']}]}), {mode: 0o600});
		const unknown = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(/\[tokenkit:openai\] account "openai-org-1": GET \/v1\/organization\/projects\/proj_notInThisOrganization answered HTTP 404; field "projects": project proj_notInThisOrganization does not exist/);

		const wrongKey = 'sk-admin-revokedOrMistypedKey0123456789abcdefghijklmnop';
		await writeFile(join(bad, 'tokenkit.yaml'), JSON.stringify({accounts: [{...first, apiKey: wrongKey}]}), {mode: 0o600});
		const refused = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/\[tokenkit:openai\] account "openai-org-1": GET \/v1\/organization\/admin_api_keys\S* answered HTTP 401/);
		expect(refused.stderr).toContain('takes only a live organization admin key (sk-admin-…)');
		expect(findLeaks([{where: 'stderr', text: refused.stderr}, {where: 'stdout', text: refused.stdout}], [wrongKey])).toEqual([]);
	});
});
