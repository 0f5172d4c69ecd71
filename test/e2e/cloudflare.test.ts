import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {findLeaks} from '../support/leak-scan.js';
import {tokenkit} from './built-cli.js';
import {useSimulateProcess} from './simulate-process.js';

/**
Cloudflare end to end through the built command: `tokenkit simulate --vendors cloudflare --write-config` in one
process, `inventory`, `audit` and `rotate` in others on the config it wrote, with no other step.
*/

const simulated = useSimulateProcess('tokenkit-e2e-cloudflare-', ['--vendors', 'cloudflare', '--accounts', '2', '--tokens', '60', '--seed', '5']);

const keys = (): string[] => simulated.vendors[0]?.accounts.map(account => account.apiKey) ?? [];
const TokenSchema = v.looseObject({id: v.string(), account: v.string(), kind: v.string(), status: v.string(), ownCredential: v.boolean(), notBefore: v.nullish(v.string()), allowedIps: v.nullable(v.array(v.string()))});
const ConfigSchema = v.object({accounts: v.array(v.record(v.string(), v.string()))});

describe('Cloudflare through the built command', () => {
	it('writes a config of both scopes that inventory reads with no extra step, listing every token across pages', async () => {
		const config = v.parse(ConfigSchema, JSON.parse(await readFile(join(simulated.directory, 'tokenkit.yaml'), 'utf8')));
		expect(config.accounts.map(account => [account['name'], account['scope'] ?? 'account', account['accountId'] === undefined])).toEqual([
			['cloudflare-account-1', 'account', false], ['cloudflare-user-1', 'user', true], ['cloudflare-account-2', 'account', false], ['cloudflare-user-2', 'user', true],
		]);
		const json = await tokenkit(['inventory', '--format', 'json'], {cwd: simulated.directory});
		expect(json.code, json.stderr).toBe(0);
		const {tokens} = v.parse(v.object({tokens: v.array(TokenSchema)}), JSON.parse(json.stdout));
		expect(tokens).toHaveLength(simulated.vendors[0]?.accounts.reduce((sum, account) => sum + account.tokens, 0) ?? -1);
		// 63 account tokens per account: more than one page of 50.
		expect(simulated.vendors[0]?.accounts[0]?.tokens).toBeGreaterThan(50);
		expect(new Set(tokens.filter(token => token.ownCredential).map(token => token.account))).toEqual(new Set(simulated.vendors[0]?.accounts.map(account => account.name)));
		expect(tokens.filter(token => token.ownCredential)).toHaveLength(4);
		expect(tokens.some(token => token.status === 'expired')).toBe(true);
		expect(tokens.filter(token => token.kind === 'personal').every(token => token.account.startsWith('cloudflare-user-'))).toBe(true);
		expect(findLeaks([{where: 'stdout', text: json.stdout}, {where: 'stderr', text: json.stderr}], keys())).toEqual([]);
	});

	it('audits with Cloudflare\'s meaning: expired tokens still present, none unused before its not_before, remedies Cloudflare allows', async () => {
		const audit = await tokenkit(['audit', '--format', 'json'], {cwd: simulated.directory});
		expect(audit.code, audit.stderr).toBe(0);
		const report = v.parse(v.looseObject({findings: v.array(v.looseObject({tokenId: v.string(), policy: v.string(), remedy: v.string(), advice: v.string()}))}), JSON.parse(audit.stdout));
		const inventory = v.parse(v.object({tokens: v.array(TokenSchema)}), JSON.parse((await tokenkit(['inventory', '--format', 'json'], {cwd: simulated.directory})).stdout));
		const early = inventory.tokens.filter(token => token.notBefore !== null && token.notBefore !== undefined && Date.parse(token.notBefore) > Date.now());
		expect(early.length).toBeGreaterThan(0);
		expect(report.findings.filter(finding => early.some(token => token.id === finding.tokenId) && finding.policy === 'never-used')).toEqual([]);
		expect(report.findings.some(finding => finding.policy === 'expired' && finding.remedy === 'revoke')).toBe(true);
		const restrict = report.findings.find(finding => finding.policy === 'no-ip-allow-list');
		expect(restrict?.advice).toContain('in place');
		expect(findLeaks([{where: 'stdout', text: audit.stdout}, {where: 'stderr', text: audit.stderr}], keys())).toEqual([]);
	});

	it('refuses --grace for a roll before any request (exit 2), saying why', async () => {
		const inventory = v.parse(v.object({tokens: v.array(TokenSchema)}), JSON.parse((await tokenkit(['inventory', '--format', 'json', '--account', 'cloudflare-account-1'], {cwd: simulated.directory})).stdout));
		const victim = inventory.tokens.find(token => !token.ownCredential && token.status === 'active');
		const result = await tokenkit(['rotate', `cloudflare:cloudflare-account-1:${victim?.id ?? ''}`, '--secret-out', 'keys.jsonl', '--grace', '1h', '--yes'], {cwd: simulated.directory});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('Cloudflare\'s roll invalidates the current secret at once and takes no grace period');
	});

	it('names file, line, account and field for a bad Cloudflare entry (exit 2), and the account for one Cloudflare does not know', async () => {
		const config = v.parse(ConfigSchema, JSON.parse(await readFile(join(simulated.directory, 'tokenkit.yaml'), 'utf8')));
		const [first] = config.accounts;
		const bad = await mkdtemp(join(tmpdir(), 'tokenkit-e2e-cloudflare-bad-'));
		const cases: Array<[Record<string, string>, RegExp]> = [
			[{...first, accountId: 'acme'}, /tokenkit\.yaml:\d+: account "cloudflare-account-1": field "accountId" must be 32 lowercase hexadecimal digits/],
			[{...first, scope: 'user'}, /tokenkit\.yaml:\d+: account "cloudflare-account-1": field "accountId" is for scope 'account'/],
			[{...first, scope: 'zone'}, /account "cloudflare-account-1": field "scope"/],
		];
		for (const [entry, message] of cases) {
			await writeFile(join(bad, 'tokenkit.yaml'), `accounts:\n${Object.entries(entry).map(([key, value], index) => `${index === 0 ? '  - ' : '    '}${key}: ${JSON.stringify(value)}`).join('\n')}\n`, {mode: 0o600});
			const result = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
			expect(result.code, result.stderr).toBe(2);
			expect(result.stderr).toMatch(message);
			expect(findLeaks([{where: 'stderr', text: result.stderr}], keys())).toEqual([]);
		}

		await writeFile(join(bad, 'tokenkit.yaml'), JSON.stringify({accounts: [{...first, accountId: 'f'.repeat(32)}]}), {mode: 0o600});
		const unknown = await tokenkit(['inventory', '--format', 'json'], {cwd: bad});
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(/\[tokenkit:cloudflare\] account "cloudflare-account-1": GET \/client\/v4\/accounts\/f{32}\/tokens\?page=1\S* answered HTTP 403.*Unauthorized to access requested resource/);
	});
});
