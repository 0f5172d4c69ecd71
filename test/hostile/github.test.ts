import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {parseReport} from '../reliability/support.js';
import {filesUnder, findLeaks, type Captured} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {gitHubEchoesCredentials, gitHubLosesRevoke, gitHubPassThrough, type GitHubMode} from './modes/github.js';
import {useHostileVendors, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

async function tokenkit(place: {directory: string; env: NodeJS.ProcessEnv}, argv: readonly string[], printed: Captured[]) {
	const cli = startCli(argv, {env: place.env, cwd: place.directory});
	const code = await cli.done;
	printed.push({where: `tokenkit ${argv.join(' ')} (stdout)`, text: cli.stdout()}, {where: `tokenkit ${argv.join(' ')} (stderr)`, text: cli.stderr()});
	return {code, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** The App's private key, every installation token the simulator minted, and every JWT and token the client sent. */
function secretsOf(hostile: HostileVendor, mode: GitHubMode): string[] {
	return [...hostile.secrets(), ...mode.credentials];
}

describe('a hostile GitHub', () => {
	it('behind another host: every account lists complete, and nothing printed or written holds the key, a JWT or a token', async () => {
		const mode = gitHubPassThrough();
		const hostile = await startHostile({vendor: 'github', mode: mode.mode, tokens: 12, others: false});
		const place = await hostile.writeConfig();
		const printed: Captured[] = [];
		const inventory = await tokenkit(place, ['inventory', '--format', 'json', '--output', 'inventory.json'], printed);
		expect(inventory.code, inventory.stderr).toBe(0);
		const audit = await tokenkit(place, ['audit', '--format', 'json', '--debug'], printed);
		expect(audit.code, audit.stderr).toBe(0);
		const findings = v.parse(v.looseObject({findings: v.array(v.looseObject({policy: v.string(), advice: v.string()}))}), JSON.parse(audit.stdout));
		expect(findings.findings.some(finding => finding.policy === 'owner-gone')).toBe(true);
		expect(findings.findings.filter(finding => finding.policy === 'stale' || finding.policy === 'too-old').every(finding => finding.advice.length > 0)).toBe(true);
		const table = await tokenkit(place, ['audit', '--format', 'table'], printed);
		expect(table.stdout).toContain('ask the owner to create a new token');
		expect(mode.credentials.size).toBeGreaterThanOrEqual(2);
		expect(findLeaks([...printed, ...await filesUnder(place.directory, new Set())], secretsOf(hostile, mode))).toEqual([]);
	});

	it('echoing the JWT and the installation token in request ids and error texts: the account fails, and every echo is scrubbed', async () => {
		const mode = gitHubEchoesCredentials();
		const hostile = await startHostile({vendor: 'github', mode: mode.mode, tokens: 5, others: false});
		const place = await hostile.writeConfig();
		const printed: Captured[] = [];
		const inventory = await tokenkit(place, ['inventory', '--format', 'json', '--debug'], printed);
		expect(inventory.code).toBe(1);
		const report = parseReport(inventory.stdout);
		expect(report.accounts.find(account => account.account === 'github-org-1')?.complete).toBe(false);
		expect(inventory.stderr).toMatch(/\[tokenkit:github\] account "github-org-1": GET \/orgs\/sim-org-1\/personal-access-tokens\?per_page=100 answered HTTP 403/);
		expect(inventory.stderr).toContain('[redacted]');
		expect(findLeaks(printed, secretsOf(hostile, mode))).toEqual([]);
	});

	it('rotate sends nothing and says what GitHub allows; a revoke whose answer is lost is sent once and reported, not repeated', async () => {
		const mode = gitHubLosesRevoke();
		const hostile = await startHostile({vendor: 'github', mode: mode.mode, tokens: 5, others: false});
		const place = await hostile.writeConfig();
		const listing: Captured[] = [];
		const inventory = await tokenkit(place, ['inventory', '--format', 'json', '--account', 'github-org-1'], listing);
		const [token] = parseReport(inventory.stdout).tokens;
		if (token === undefined) {
			throw new Error('nothing listed');
		}

		const ref = `github:github-org-1:${token.id}`;
		const printed: Captured[] = [...listing];
		const before = mode.requests.length;
		const rotate = await tokenkit(place, ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], printed);
		expect(rotate.code).toBe(1);
		expect(rotate.stdout + rotate.stderr).toMatch(/only its owner can/);
		// The plan reads the token (an installation token is minted for that); nothing that changes a grant is sent.
		expect(mode.requests.slice(before).filter(request => request.method !== 'GET' && !request.pathname.endsWith('/access_tokens'))).toEqual([]);

		const revoke = await tokenkit(place, ['revoke', ref, '--yes'], printed);
		expect(revoke.code).toBe(1);
		const revokes = mode.requests.filter(request => request.method === 'POST' && request.pathname.endsWith(`/personal-access-tokens/${token.id}`));
		expect(revokes).toHaveLength(1);
		expect(revoke.stdout + revoke.stderr).toMatch(/HTTP 502; grant \d+ may have been revoked: list the tokens to check, or revoke it again/);
		expect(findLeaks([...printed, ...await filesUnder(place.directory, new Set())], secretsOf(hostile, mode))).toEqual([]);
	});
});
