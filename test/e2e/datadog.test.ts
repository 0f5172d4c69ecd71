import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {tokenkit, type Finished} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
Datadog through the built command, as a user runs it: `tokenkit simulate --vendors datadog --write-config` in one
process, and inventory, audit, rotate and revoke in others, over the config it wrote with no other step.
*/

const simulated = useSimulateProcess('tokenkit-e2e-datadog-', ['--vendors', 'datadog', '--accounts', '2', '--tokens', '30', '--seed', '5']);

const AnnouncedSchema = v.looseObject({applicationKey: v.string()});
const TokenSchema = v.looseObject({account: v.string(), id: v.string(), name: v.string(), kind: v.string(), status: v.string(), ownCredential: v.boolean(), owner: v.nullable(v.looseObject({id: v.nullable(v.string()), email: v.nullable(v.string()), status: v.string()})), expiresAt: v.nullable(v.string())});
const ReportSchema = v.object({tokens: v.array(TokenSchema), accounts: v.array(v.looseObject({account: v.string(), complete: v.boolean()}))});
const AuditSchema = v.looseObject({findings: v.array(v.looseObject({tokenId: v.string(), policy: v.string(), remedy: v.string(), advice: v.string()}))});
const ConfigSchema = v.object({accounts: v.array(v.record(v.string(), v.string()))});
const KeyLineSchema = v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

/** Both keys of every account: what no output may hold. */
const credentials = (): string[] => simulated.vendors[0]?.accounts.flatMap(account => [account.apiKey, v.parse(AnnouncedSchema, account).applicationKey]) ?? [];

/** What runs printed and wrote (the secret file and the config aside), searched for both credentials and any key minted. */
async function leaks(runs: readonly Finished[], minted: readonly string[] = []) {
	const written = (await filesUnder(simulated.directory)).filter(file => !file.where.endsWith('keys.jsonl') && !file.where.endsWith('tokenkit.yaml'));
	return findLeaks([...runs.flatMap((run, index) => [{where: `stdout ${index}`, text: run.stdout}, {where: `stderr ${index}`, text: run.stderr}]), ...written], [...credentials(), ...minted]);
}

async function inventory() {
	const run = await tokenkit(['inventory', '--format', 'json'], {cwd: simulated.directory});
	expect(run.code, run.stderr).toBe(0);
	return {run, report: v.parse(ReportSchema, JSON.parse(run.stdout))};
}

describe('Datadog through the built tokenkit command', () => {
	it('lists every kind of key of each org from the written config, both keys of the credential marked, and prints neither', async () => {
		const config = v.parse(ConfigSchema, JSON.parse(await readFile(join(simulated.directory, 'tokenkit.yaml'), 'utf8')));
		expect(config.accounts.map(account => Object.keys(account).sort())).toEqual([['apiKey', 'applicationKey', 'baseUrl', 'name', 'provider'], ['apiKey', 'applicationKey', 'baseUrl', 'name', 'provider']]);
		const {run, report} = await inventory();
		expect(report.accounts.map(account => [account.account, account.complete])).toEqual([['datadog-org-1', true], ['datadog-org-2', true]]);
		expect(report.tokens).toHaveLength(simulated.vendors[0]?.accounts.reduce((sum, account) => sum + account.tokens, 0) ?? -1);
		expect(new Set(report.tokens.map(token => token.id.replace(/\/[\da-f-]{36}/g, '/ID')))).toEqual(new Set(['api_keys/ID', 'application_keys/ID', 'personal_access_tokens/ID', 'service_accounts/ID/access_tokens/ID']));
		for (const account of ['datadog-org-1', 'datadog-org-2']) {
			expect(report.tokens.filter(token => token.account === account && token.ownCredential).map(token => `${token.id.split('/')[0] ?? ''} ${token.name}`).sort()).toEqual(['api_keys tokenkit-admin', 'application_keys tokenkit-admin']);
		}

		expect(report.tokens.some(token => token.status === 'disabled' && token.owner?.status === 'gone')).toBe(true);
		const table = await tokenkit(['inventory', '--format', 'table'], {cwd: simulated.directory});
		expect(table.code).toBe(0);
		// The longest REFs, a service account's token, are shown whole.
		const satRef = report.tokens.find(token => token.id.startsWith('service_accounts/'));
		expect(table.stdout).toContain(`datadog:${satRef?.account ?? ''}:${satRef?.id ?? ''}`);
		expect(await leaks([run, table])).toEqual([]);
	});

	it('audits with Datadog\'s meaning: no key is "never expires", a disabled user\'s keys are revoked, another user\'s is not tokenkit\'s to rotate', async () => {
		const audit = await tokenkit(['audit', '--format', 'json'], {cwd: simulated.directory});
		expect(audit.code, audit.stderr).toBe(0);
		const {findings} = v.parse(AuditSchema, JSON.parse(audit.stdout));
		const {report} = await inventory();
		const expiry = findings.filter(finding => finding.policy === 'no-expiry');
		expect(expiry.length).toBeGreaterThan(0);
		expect(expiry.every(finding => finding.tokenId.startsWith('service_accounts/') && finding.remedy === 'rotate')).toBe(true);
		const gone = findings.filter(finding => finding.policy === 'owner-gone' && finding.tokenId.startsWith('application_keys/'));
		expect(gone.length).toBeGreaterThan(0);
		expect(gone.every(finding => finding.remedy === 'revoke')).toBe(true);
		const byCreatorGone = findings.filter(finding => finding.policy === 'owner-gone' && finding.tokenId.startsWith('api_keys/'));
		expect(byCreatorGone.every(finding => finding.remedy === 'rotate')).toBe(true);
		// A rotation is offered only where Datadog's API can mint the twin: a service account's key, or the caller's own.
		const rotatable = (tokenId: string): boolean => {
			const token = report.tokens.find(candidate => candidate.id === tokenId);
			return token?.kind === 'service' || token?.kind === 'org' || (token?.owner?.email?.startsWith('tokenkit-admin@') ?? false);
		};

		const rotations = findings.filter(finding => finding.remedy === 'rotate');
		expect(rotations.length).toBeGreaterThan(0);
		expect(rotations.filter(finding => !rotatable(finding.tokenId))).toEqual([]);
		expect(findings.some(finding => finding.remedy === 'none' && finding.advice.includes('ask them to create a new'))).toBe(true);
		expect(await leaks([audit])).toEqual([]);
	});

	it('rotates an API key into the secret file with a grace period, refuses another user\'s key at plan time, and revokes', async () => {
		const {report} = await inventory();
		const apiKey = report.tokens.find(token => token.account === 'datadog-org-1' && token.id.startsWith('api_keys/') && !token.ownCredential);
		const apiRef = `datadog:datadog-org-1:${apiKey?.id ?? ''}`;
		const audit = v.parse(AuditSchema, JSON.parse((await tokenkit(['audit', '--format', 'json'], {cwd: simulated.directory})).stdout));
		const othersKey = audit.findings.find(finding => finding.remedy === 'none' && finding.advice.includes('ask them to create a new key'));
		const othersRef = `datadog:${report.tokens.find(token => token.id === othersKey?.tokenId)?.account ?? ''}:${othersKey?.tokenId ?? ''}`;

		const refused = await tokenkit(['rotate', othersRef, '--dry-run'], {cwd: simulated.directory});
		expect(refused.code).toBe(1);
		expect(`${refused.stdout}${refused.stderr}`).toContain('Datadog\'s API mints an application key only for the calling user or for a service account');
		expect(`${refused.stdout}${refused.stderr}`).toContain(`To revoke the old token: tokenkit revoke ${othersRef}`);

		const rotated = await tokenkit(['rotate', apiRef, '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes'], {cwd: simulated.directory});
		expect(rotated.code, rotated.stderr).toBe(0);
		expect(rotated.stdout).toContain(`finish with: tokenkit revoke ${apiRef}`);
		const [keyLine] = (await readFile(join(simulated.directory, 'keys.jsonl'), 'utf8')).trimEnd().split('\n').map(text => v.parse(KeyLineSchema, JSON.parse(text)));
		expect(keyLine?.rotated).toBe(apiRef);
		expect(keyLine?.name).toBe(apiKey?.name);
		expect(keyLine?.key).toMatch(/^[\da-f]{32}$/);
		const during = (await inventory()).report.tokens.map(token => `datadog:${token.account}:${token.id}`);
		expect(during).toEqual(expect.arrayContaining([apiRef, keyLine?.ref ?? '']));

		const revoked = await tokenkit(['revoke', apiRef, '--yes'], {cwd: simulated.directory});
		expect(revoked.code, revoked.stderr).toBe(0);
		const after = (await inventory()).report.tokens.map(token => `datadog:${token.account}:${token.id}`);
		expect(after).not.toContain(apiRef);
		expect(after).toContain(keyLine?.ref);
		expect(await leaks([refused, rotated, revoked], [keyLine?.key ?? ''])).toEqual([]);
	});

	it('rotates a service account\'s access token without a grace period: the old token is revoked once the new one is stored', async () => {
		const {report} = await inventory();
		const token = report.tokens.find(candidate => candidate.account === 'datadog-org-2' && candidate.id.startsWith('service_accounts/'));
		const ref = `datadog:datadog-org-2:${token?.id ?? ''}`;
		const rotated = await tokenkit(['rotate', ref, '--secret-out', 'sat-keys.jsonl', '--yes'], {cwd: simulated.directory});
		expect(rotated.code, rotated.stderr).toBe(0);
		const keyLine = v.parse(KeyLineSchema, JSON.parse(await readFile(join(simulated.directory, 'sat-keys.jsonl'), 'utf8')));
		expect(keyLine.key).toMatch(/^ddsat_\w{22}_\w{36}$/);
		const after = (await inventory()).report.tokens;
		expect(after.map(candidate => `datadog:${candidate.account}:${candidate.id}`)).not.toContain(ref);
		const twin = after.find(candidate => `datadog:${candidate.account}:${candidate.id}` === keyLine.ref);
		expect(twin?.expiresAt).not.toBeNull();
		expect(await leaks([rotated], [keyLine.key])).toEqual([]);
	});

	it('refuses a bad Datadog entry before any request (exit 2), naming file, line, account and field', async () => {
		const config = v.parse(ConfigSchema, JSON.parse(await readFile(join(simulated.directory, 'tokenkit.yaml'), 'utf8')));
		const [first] = config.accounts;
		const bad = await mkdtemp(join(tmpdir(), 'tokenkit-e2e-datadog-bad-'));
		const {applicationKey = '', ...withoutApplicationKey} = first ?? {};
		// A site and a baseUrl together are refused too; the site cases leave the simulator's URL out.
		const withoutBaseUrl = Object.fromEntries(Object.entries(first ?? {}).filter(([field]) => field !== 'baseUrl'));
		const cases: Array<[Record<string, string>, RegExp]> = [
			[{...withoutBaseUrl, site: 'datadoghq.co'}, /tokenkit\.yaml:\d+: account "datadog-org-1": field "site": "datadoghq\.co" is not a Datadog site.*did you mean "datadoghq\.com"/],
			[{...withoutBaseUrl, site: 'https://app.datadoghq.eu'}, /account "datadog-org-1": field "site": .* is a URL or host, not a site: write datadoghq\.eu/],
			[withoutApplicationKey, /tokenkit\.yaml:\d+: account "datadog-org-1": field "applicationKey" is missing/],
			[{...first, applicationKey: first?.['apiKey'] ?? ''}, /account "datadog-org-1": fields "apiKey" and "applicationKey" hold the same key/],
			[{...first, appKey: applicationKey}, /account "datadog-org-1": unknown field "appKey"/],
		];
		const runs: Finished[] = [];
		for (const [entry, message] of cases) {
			await writeFile(join(bad, 'tokenkit.yaml'), `accounts:\n${Object.entries(entry).map(([key, value], index) => `${index === 0 ? '  - ' : '    '}${key}: ${JSON.stringify(value)}`).join('\n')}\n`, {mode: 0o600});
			const result = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
			expect(result.code, result.stderr).toBe(2);
			expect(result.stderr).toMatch(message);
			runs.push(result);
		}

		await writeFile(join(bad, 'tokenkit.yaml'), JSON.stringify({accounts: [{...first, serviceAccounts: ['ci-automation']}]}), {mode: 0o600});
		const notAnId = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
		expect(notAnId.code).toBe(2);
		expect(notAnId.stderr).toMatch(/account "datadog-org-1": field "serviceAccounts": item 1 is not a service account id/);

		// A service account Datadog does not have is known only once asked: that account fails, naming the field.
		await writeFile(join(bad, 'tokenkit.yaml'), JSON.stringify({accounts: [{...first, serviceAccounts: ['00000000-0000-1234-0000-000000000000']}]}), {mode: 0o600});
		const missing = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/\[tokenkit:datadog\] account "datadog-org-1": .*field "serviceAccounts": service account 00000000-0000-1234-0000-000000000000 does not exist/);
		expect(findLeaks([...runs, notAnId, missing].flatMap(run => [{where: 'stdout', text: run.stdout}, {where: 'stderr', text: run.stderr}]), credentials())).toEqual([]);
	});
});
