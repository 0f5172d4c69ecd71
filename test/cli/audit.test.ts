import type {Writable} from 'node:stream';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as parseCsv} from 'csv-parse/sync';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CredentialAuthorizationSchema, GrantSchema} from '../../providers/github/schema.js';
import {CloudflareTokenSchema, type CloudflarePolicy} from '../../providers/cloudflare/schema.js';
import {CustomRoleSchema, TokenSchema as LaunchDarklyTokenSchema} from '../../providers/launchdarkly/schema.js';
import {MistOrgApiTokenSchema} from '../../providers/mist/schema.js';
import {OpalTokenSchema} from '../../providers/opal/schema.js';
import {GitLabUserSchema, ResourceAccessTokenSchema} from '../../providers/gitlab/schema.js';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators, RunningVendorSimulator} from '../../src/simulate/start.js';
import {startCli} from '../support/run-cli.js';
import {discardingStderr, recordingStdout, slowStdout} from '../support/stdout-sinks.js';

/*
The expected findings are worked out here from the simulators' own stored records (the vendors' wire
format), with the policies written out again from their definitions, not through tokenkit's adapters or audit
code: the two meet only in the comparison.
*/

const day = 86_400_000;
const defaults = {staleAfterDays: 90, maxAgeDays: 365, neverUsedGraceDays: 7};
type Severity = 'low' | 'medium' | 'high';

/** What a policy needs of one stored token, read from the vendor's record by the vendor's documented rules. */
interface Stored {
	readonly ref: string;
	readonly name: string;
	readonly createdAt: number;
	/** Null: never used. */
	readonly lastUsedAt: number | null;
	/** Null: never expires (or the vendor has no expiry: see `vendor`). */
	readonly expiresAt: number | null;
	readonly admin: boolean;
	/** Null where the vendor has no allow-list. */
	readonly unrestricted: boolean | null;
	/** Null where the vendor does not report owners in the token record. */
	readonly ownerGone: boolean | null;
	readonly personal: boolean;
	/** Whether the vendor has expiry dates at all. */
	readonly vendorExpires: boolean;
	/** Revoked, and still listed by the vendor (GitLab): it gets no finding. */
	readonly revoked?: boolean;
	/** When the token starts to work, where the vendor issues tokens ahead of use (Cloudflare `not_before`). */
	readonly notBefore?: number | null;
	/** The vendor says it expired, whatever the date. */
	readonly expired?: boolean;
}

const ListOf = <T extends v.GenericSchema>(schema: T) => v.array(schema);
const HasTokens = v.looseObject({tokens: v.function()});
const HasRemovedUsers = v.looseObject({removedUserIds: v.function()});

/** The people who left an Opal account (deprovisioned, deleted, or removed from Opal), read through the simulator's helper. */
function removedUsers(running: RunningVendorSimulator, account: string): ReadonlySet<string> {
	const {simulator} = running;
	if (!v.is(HasRemovedUsers, simulator)) {
		throw new Error(`the ${running.vendor} simulator has no removedUserIds() helper`);
	}

	return new Set(v.parse(v.array(v.string()), simulator.removedUserIds(account)));
}

/** The stored records of one simulated account, read through the simulator's `tokens(account)` helper. */
function records<T extends v.GenericSchema>(running: RunningVendorSimulator, account: string, schema: T): v.InferOutput<T>[] {
	const {simulator} = running;
	if (!v.is(HasTokens, simulator)) {
		throw new Error(`the ${running.vendor} simulator has no tokens() helper`);
	}

	return v.parse(ListOf(schema), simulator.tokens(account));
}

const HasUsers = v.looseObject({users: v.function()});

/** The users of one simulated GitLab instance, through the simulator's `users(account)` helper. */
function gitLabUsers(running: RunningVendorSimulator, account: string): ReadonlyMap<number, v.InferOutput<typeof GitLabUserSchema>> {
	const {simulator} = running;
	if (!v.is(HasUsers, simulator)) {
		throw new Error(`the ${running.vendor} simulator has no users() helper`);
	}

	return new Map(v.parse(v.array(GitLabUserSchema), simulator.users(account)).map(user => [user.id, user]));
}

/** A GitLab token record, personal (no `access_level`) or of a group or project. */
const GitLabTokenSchema = v.looseObject({...ResourceAccessTokenSchema.entries, access_level: v.optional(v.number()), resource_type: v.optional(v.string()), resource_id: v.optional(v.number())});

function storedTokens(simulators: RunningSimulators): Stored[] {
	const mist = simulators.get('mist');
	const opal = simulators.get('opal');
	const ld = simulators.get('launchdarkly');
	const github = simulators.get('github');
	const gitlab = simulators.get('gitlab');
	const cloudflare = simulators.get('cloudflare');
	return [
		// Mist org tokens: epoch seconds; `src_ips` absent means unrestricted; `created_by: null` means the creator was deleted; no expiry.
		...mist.accounts().flatMap(account => records(mist, account.name, MistOrgApiTokenSchema).map((record): Stored => ({
			ref: `mist:${account.name}:${record.id}`,
			name: record.name,
			createdAt: Math.round((record.created_time ?? 0) * 1000),
			lastUsedAt: record.last_used === undefined || record.last_used === null || record.last_used <= 0 ? null : Math.round(record.last_used * 1000),
			expiresAt: null,
			admin: (record.privileges ?? []).some(privilege => privilege.role === 'admin' && privilege.scope === 'org'),
			unrestricted: (record.src_ips ?? []).length === 0,
			ownerGone: record.created_by === null || record.created_by === undefined,
			personal: false,
			vendorExpires: false,
		}))),
		// Opal: RFC 3339 times; FULL_ACCESS is full access; no allow-list; the record names the user it acts as and
		// its creator, and the users API says whether either has left.
		...opal.accounts().flatMap(account => records(opal, account.name, OpalTokenSchema).map((record): Stored => ({
			ref: `opal:${account.name}:${record.token_id}`,
			name: record.token_label,
			createdAt: Date.parse(record.created_at),
			lastUsedAt: record.last_used_at == null ? null : Date.parse(record.last_used_at),
			expiresAt: record.expires_at == null ? null : Date.parse(record.expires_at),
			admin: record.access_level === 'FULL_ACCESS',
			unrestricted: null,
			ownerGone: removedUsers(opal, account.name).has(record.user_id) || removedUsers(opal, account.name).has(record.creator_user_id),
			personal: false,
			vendorExpires: true,
		}))),
		// LaunchDarkly: epoch ms, `lastUsed` 0 means never; admin/owner role or `*` on `*` (inline or in a custom role's
		// policy) is full access, capped for a personal token by its member's role; `_member` absent means the member left.
		...ld.accounts().flatMap(account => records(ld, account.name, LaunchDarklyTokenSchema).map((record): Stored => ({
			ref: `launchdarkly:${account.name}:${record._id}`,
			name: record.name ?? '',
			createdAt: record.creationDate,
			lastUsedAt: record.lastUsed === undefined || record.lastUsed <= 0 ? null : record.lastUsed,
			expiresAt: null,
			admin: launchDarklyAdmin(record, customRoles(ld, account.name)),
			unrestricted: null,
			ownerGone: record._member === undefined,
			personal: record.serviceToken !== true,
			vendorExpires: false,
		}))),
		// GitHub grants: RFC 3339 times with an offset; org administration `write` is full access for an org owner
		// only; an owner who is no longer a member is gone. SSO authorizations: the same, with `admin:org` for it.
		...github.accounts().flatMap((account): Stored[] => {
			const members = orgMembers(github, account.name);
			const ownerAdmin = (login: string) => members.some(member => member.login === login && member.member && member.role === 'admin');
			const gone = (login: string) => !members.some(member => member.login === login && member.member);
			return account.name.endsWith('-sso')
				? records(github, account.name, CredentialAuthorizationSchema).map((record): Stored => ({
					ref: `github:${account.name}:${record.credential_id}`,
					name: record.authorized_credential_note ?? record.authorized_credential_title ?? record.credential_type,
					createdAt: Date.parse(record.credential_authorized_at),
					lastUsedAt: record.credential_accessed_at === null ? null : Date.parse(record.credential_accessed_at),
					expiresAt: record.authorized_credential_expires_at == null ? null : Date.parse(record.authorized_credential_expires_at),
					admin: (record.scopes ?? []).some(scope => scope === 'admin:org' || scope === 'admin:enterprise') && ownerAdmin(record.login),
					unrestricted: null,
					ownerGone: gone(record.login),
					personal: true,
					vendorExpires: true,
				}))
				: records(github, account.name, GrantSchema).map((record): Stored => ({
					ref: `github:${account.name}:${record.id}`,
					name: record.token_name,
					createdAt: Date.parse(record.access_granted_at),
					lastUsedAt: record.token_last_used_at === null ? null : Date.parse(record.token_last_used_at),
					expiresAt: record.token_expires_at === null ? null : Date.parse(record.token_expires_at),
					admin: record.permissions.organization?.['administration'] === 'write' && ownerAdmin(record.owner.login),
					unrestricted: null,
					ownerGone: gone(record.owner.login),
					personal: true,
					vendorExpires: true,
				}));
		}),
		// GitLab: `expires_at` a date, stopping at 00:00 UTC; revoked tokens stay listed. A group or project token is full
		// access with `api` and Owner (50); a personal one with `api`, `sudo` or `admin_mode` of an administrator. Its
		// owner left when the user is blocked or deactivated.
		...gitlab.accounts().flatMap(account => {
			const users = gitLabUsers(gitlab, account.name);
			return records(gitlab, account.name, GitLabTokenSchema).map((record): Stored => {
				const user = users.get(record.user_id);
				const resource = record.access_level !== undefined;
				const id = resource ? `${record.resource_type ?? ''}/${record.resource_id ?? 0}/${record.id}` : String(record.id);
				return {
					ref: `gitlab:${account.name}:${id}`,
					name: record.name,
					createdAt: Date.parse(record.created_at),
					lastUsedAt: record.last_used_at == null ? null : Date.parse(record.last_used_at),
					expiresAt: record.expires_at == null ? null : Date.parse(`${record.expires_at}T00:00:00Z`),
					admin: resource
						? (record.access_level ?? 0) >= 50 && record.scopes.includes('api')
						: user?.is_admin === true && record.scopes.some(scope => ['api', 'sudo', 'admin_mode'].includes(scope)),
					unrestricted: null,
					ownerGone: !resource && (user?.state === 'blocked' || user?.state === 'deactivated'),
					personal: !resource,
					vendorExpires: true,
					revoked: record.revoked,
				};
			});
		}),
		// Cloudflare: RFC 3339 times, absent means never; `status: expired` is expired; `request_ip.in` is the allow-list
		// (a `not_in` alone is none); full access is a token that can mint tokens or write account-wide; Cloudflare does
		// not say a creator left; `not_before` ahead means the token cannot have been used yet.
		...cloudflare.accounts().flatMap(account => records(cloudflare, account.name, CloudflareTokenSchema).map((record): Stored => ({
			ref: `cloudflare:${account.name}:${record.id}`,
			name: record.name ?? '',
			createdAt: Date.parse(record.issued_on ?? ''),
			lastUsedAt: record.last_used_on == null ? null : Date.parse(record.last_used_on),
			expiresAt: record.expires_on == null ? null : Date.parse(record.expires_on),
			admin: cloudflareAdmin(record.policies ?? []),
			unrestricted: (record.condition?.request_ip?.in ?? []).length === 0,
			ownerGone: false,
			personal: account.name.startsWith('cloudflare-user-'),
			vendorExpires: true,
			notBefore: record.not_before == null ? null : Date.parse(record.not_before),
			expired: record.status === 'expired',
		}))),
	];
}

const HasMembers = v.looseObject({members: v.function()});

/** Who a simulated GitHub org knows, through the simulator's `members(account)` helper. */
function orgMembers(running: RunningVendorSimulator, account: string): Array<{login: string; role: string; member: boolean}> {
	const {simulator} = running;
	if (!v.is(HasMembers, simulator)) {
		throw new Error(`the ${running.vendor} simulator has no members() helper`);
	}

	return v.parse(v.array(v.object({login: v.string(), role: v.string(), member: v.boolean()})), simulator.members(account));
}

function cloudflareAdmin(policies: readonly CloudflarePolicy[]): boolean {
	return policies.some(policy => policy.effect === 'allow' && policy.permission_groups.some(group => {
		const name = group.name ?? '';
		const accountWide = Object.entries(policy.resources).some(([key, value]) => typeof value === 'string'
			? /^com\.cloudflare\.api\.account\.(\w+|\*)$/.test(key) && !key.includes('.zone.')
			: Object.keys(value).includes('com.cloudflare.api.account.zone.*'));
		return name === 'API Tokens Write' || name === 'Account API Tokens Write' || ((name.endsWith(' Write') || name.endsWith(' Edit')) && accountWide);
	}));
}

const HasCustomRoles = v.looseObject({customRoles: v.function()});

/** The custom roles of one simulated LaunchDarkly account, through the simulator's `customRoles(account)` helper. */
function customRoles(running: RunningVendorSimulator, account: string): v.InferOutput<typeof CustomRoleSchema>[] {
	const {simulator} = running;
	if (!v.is(HasCustomRoles, simulator)) {
		throw new Error(`the ${running.vendor} simulator has no customRoles() helper`);
	}

	return v.parse(ListOf(CustomRoleSchema), simulator.customRoles(account));
}

function launchDarklyAdmin(record: v.InferOutput<typeof LaunchDarklyTokenSchema>, roles: ReadonlyArray<v.InferOutput<typeof CustomRoleSchema>>): boolean {
	const statements = [...record.inlineRole ?? [], ...(record.customRoleIds ?? []).flatMap(id => roles.find(role => role._id === id)?.policy ?? [])];
	const own = record.role === 'admin' || record.role === 'owner' || (statements.some(statement => statement.effect === 'allow' && everything(statement))
		&& !statements.some(statement => statement.effect === 'deny' && everything(statement)));
	const member = record.serviceToken === true ? undefined : record._member?.role;
	return own && (member === undefined || member === 'admin' || member === 'owner');
}

function everything(statement: {actions?: string[] | undefined; resources?: string[] | undefined; notActions?: string[] | undefined; notResources?: string[] | undefined}): boolean {
	return (statement.actions ?? []).includes('*') && (statement.resources ?? []).includes('*') && (statement.notActions ?? []).length === 0 && (statement.notResources ?? []).length === 0;
}

/** The policies, restated from their documentation: `policy severity` for each finding on one token. */
function expectedFindings(token: Stored, now: number, settings = defaults): string[] {
	const days = (from: number) => Math.max(0, Math.floor((now - from) / day));
	if (token.revoked === true) {
		return [];
	}

	if (token.expired === true || (token.expiresAt !== null && token.expiresAt <= now)) {
		return ['expired low'];
	}

	const up = (base: Severity): Severity => (token.admin ? (base === 'low' ? 'medium' : 'high') : base);
	const found: string[] = [];
	const age = days(token.createdAt);
	if (token.admin) {
		found.push('admin medium');
	}

	if (token.unrestricted === true) {
		found.push(`no-ip-allow-list ${token.admin ? 'high' : 'low'}`);
	}

	if (token.lastUsedAt !== null && days(token.lastUsedAt) > settings.staleAfterDays) {
		found.push(`stale ${up('medium')}`);
	}

	// Unused time runs from when the token could first be used; one that cannot be used yet is not unused.
	const usableFrom = Math.max(token.createdAt, token.notBefore ?? 0);
	const unusedFor = days(usableFrom);
	if (token.lastUsedAt === null && usableFrom <= now && unusedFor > settings.neverUsedGraceDays) {
		found.push(`never-used ${up(unusedFor > settings.staleAfterDays ? 'medium' : 'low')}`);
	}

	if (token.ownerGone === true) {
		found.push(`owner-gone ${up('medium')}`);
	}

	if (age > settings.maxAgeDays) {
		found.push(`too-old ${up('medium')}`);
	}

	if (token.vendorExpires && token.expiresAt === null) {
		found.push(`no-expiry ${up('low')}`);
	}

	return found;
}

const FindingSchema = v.object({
	ref: v.string(), provider: v.string(), account: v.string(), tokenId: v.string(), tokenName: v.string(), kind: v.string(), owner: v.nullable(v.string()),
	policy: v.string(), severity: v.picklist(['low', 'medium', 'high']), reason: v.string(), remedy: v.picklist(['rotate', 'revoke', 'none']), advice: v.string(),
	owasp: v.object({id: v.string(), title: v.string()}),
});
const Counts = v.object({low: v.number(), medium: v.number(), high: v.number()});
const ReportSchema = v.object({
	auditedAt: v.string(),
	settings: v.object({staleAfterDays: v.number(), maxAgeDays: v.number(), neverUsedGraceDays: v.number()}),
	failOn: v.nullable(v.string()),
	findings: v.array(FindingSchema),
	summary: v.object({
		vendors: v.array(v.object({provider: v.string(), tokens: v.number(), flagged: v.number(), findings: Counts})),
		policies: v.array(v.object({policy: v.string(), findings: Counts})),
		total: v.object({provider: v.string(), tokens: v.number(), flagged: v.number(), findings: Counts}),
		highest: v.nullable(v.string()),
	}),
	accounts: v.array(v.object({provider: v.string(), account: v.string(), tokens: v.number(), complete: v.boolean(), error: v.nullable(v.looseObject({message: v.string()}))})),
});

let simulators: RunningSimulators;
const env: NodeJS.ProcessEnv = {};
let entries: Array<Record<string, string>> = [];

// One set of simulators for the file: every test reads, none changes a token (listing moves only the
// last-use time of the simulators' own keys, which are used again on every run anyway).
beforeAll(async () => {
	// The vendors `expectedFindings` knows the seeded data of.
	// Okta's findings are proven against its own oracle in test/providers/okta/audit.test.ts.
	simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly', 'gitlab', 'github', 'cloudflare'], tokens: 20, rateLimits: false});
	entries = simulators.vendors.flatMap(vendor => vendor.configEntries()).map((entry, index) => {
		const variable = `KEY_${index}`;
		env[variable] = entry.apiKey;
		return {...entry, apiKey: `\${${variable}}`};
	});
});
afterAll(async () => {
	await simulators.close();
});

/** A directory with a tokenkit.yaml over the simulators, keys passed through the environment as a user would. */
async function configDirectory(options: {change?: (entries: Array<Record<string, string>>) => Array<Record<string, string | boolean>>; audit?: Record<string, number>} = {}): Promise<string> {
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-audit-'));
	const accounts = (options.change ?? (all => all))(entries);
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts, ...(options.audit === undefined ? {} : {audit: options.audit})}, null, 2));
	return directory;
}

function expectNoSecrets(texts: readonly string[], extra: readonly string[] = []): void {
	const secrets = [...simulators.allSecrets(), ...extra];
	expect(secrets.length).toBeGreaterThan(10);
	for (const text of texts) {
		expect(text.length).toBeGreaterThan(0);
		for (const secret of secrets) {
			expect(text.includes(secret), 'a seeded key appeared in the output').toBe(false);
		}
	}
}

async function auditJson(argv: readonly string[], directory: string) {
	const cli = startCli(['audit', '--format', 'json', ...argv], {env, cwd: directory});
	const code = await cli.done;
	return {code, stdout: cli.stdout(), stderr: cli.stderr(), report: v.parse(ReportSchema, JSON.parse(cli.stdout()))};
}

describe('tokenkit audit', () => {
	it('finds exactly what the seeded data holds, token by token, as one JSON document, and prints no key', async () => {
		const directory = await configDirectory();
		const {code, stdout, stderr, report} = await auditJson([], directory);
		expect(code).toBe(0);
		expect(report.settings).toEqual(defaults);
		expect(report.failOn).toBeNull();
		expect(report.accounts.every(outcome => outcome.complete)).toBe(true);

		// Read after the run: listing moved the last use of the simulators' own keys.
		const now = Date.parse(report.auditedAt);
		const stored = storedTokens(simulators);
		const expected = stored.flatMap(token => expectedFindings(token, now).map(finding => `${token.ref} ${finding}`)).sort();
		const actual = report.findings.map(finding => `${finding.ref} ${finding.policy} ${finding.severity}`).sort();
		expect(actual).toEqual(expected);

		// The seeded variety reaches every policy and every severity, so the comparison above covers them all.
		const perPolicy = Object.fromEntries(report.summary.policies.map(row => [row.policy, row.findings.low + row.findings.medium + row.findings.high]));
		for (const policy of ['stale', 'never-used', 'too-old', 'no-expiry', 'expired', 'admin', 'no-ip-allow-list', 'owner-gone']) {
			expect(perPolicy[policy], policy).toBe(expected.filter(line => line.split(' ')[1] === policy).length);
			expect(perPolicy[policy], policy).toBeGreaterThan(0);
		}

		// Opal's tokens of people who left are found through its users API, on every seeded account.
		for (const account of ['opal-org-1', 'opal-org-2']) {
			expect(report.findings.filter(finding => finding.account === account && finding.policy === 'owner-gone').length, account).toBeGreaterThan(0);
		}

				expect(report.summary.total.tokens).toBe(stored.length);
		expect(report.summary.total.flagged).toBe(new Set(expected.map(line => line.split(' ')[0])).size);
		expect(report.summary.vendors.map(row => [row.provider, row.tokens])).toEqual(simulators.vendors.map(({vendor}) => [vendor, stored.filter(token => token.ref.startsWith(`${vendor}:`)).length]));
		expect(report.summary.highest).toBe('high');
		expectNoSecrets([stdout, stderr]);
	});

	it('says why, what tokenkit can do and the OWASP category for the simulators\' own keys', async () => {
		const {report} = await auditJson(['--account', 'mist-org-1', '--account', 'opal-org-1', '--account', 'launchdarkly-account-1'], await configDirectory());
		const of = (provider: string, name: string) => report.findings.filter(finding => finding.provider === provider && finding.tokenName === name)
			.map(({policy, severity, reason, remedy, owasp}) => ({policy, severity, reason, remedy, owasp: owasp.id}));

		// Mist's `tokenkit-admin`: an org admin with no allow-list, made 400 days ago.
		// Its age is 400 days and a fraction of one, so the whole days may read 400 or 401.
		expect(of('mist', 'tokenkit-admin').map(finding => ({...finding, reason: finding.reason.replace(/^created 40[01] days ago/, 'created 400 days ago')}))).toEqual([
			{policy: 'no-ip-allow-list', severity: 'high', reason: 'full access usable from any address (no IP allow-list)', remedy: 'none', owasp: 'NHI5:2025'},
			{policy: 'too-old', severity: 'high', reason: 'created 400 days ago (max age 365)', remedy: 'rotate', owasp: 'NHI7:2025'},
			{policy: 'admin', severity: 'medium', reason: 'full access (admin@org)', remedy: 'none', owasp: 'NHI5:2025'},
		]);
		// Opal's `tokenkit-admin`: FULL_ACCESS, never expires; Opal has no allow-list, so none is reported.
		expect(of('opal', 'tokenkit-admin')).toEqual([
			{policy: 'admin', severity: 'medium', reason: 'full access (FULL_ACCESS@org)', remedy: 'none', owasp: 'NHI5:2025'},
			{policy: 'no-expiry', severity: 'medium', reason: 'never expires (the vendor supports an expiry date)', remedy: 'none', owasp: 'NHI7:2025'},
		]);
		// LaunchDarkly's reader key: 30 days old and never used; LaunchDarkly has no expiry, so none is reported.
		expect(of('launchdarkly', 'tokenkit-sim-reader')).toEqual([
			{policy: 'never-used', severity: 'low', reason: 'never used, created 30 days ago (grace 7)', remedy: 'revoke', owasp: 'NHI1:2025'},
		]);
		expect(of('launchdarkly', 'tokenkit-sim-admin')).toEqual([{policy: 'admin', severity: 'medium', reason: 'full access (admin@account)', remedy: 'none', owasp: 'NHI5:2025'}]);
		// Opal cannot rotate: a rotation is advice for its UI, never a revoke of a key in use.
		const opalRotations = report.findings.filter(finding => finding.provider === 'opal' && finding.policy === 'too-old');
		expect(opalRotations.every(finding => finding.remedy === 'none' && finding.advice === 'rotate in the vendor UI, then revoke')).toBe(true);
		expect(report.findings.filter(finding => finding.provider === 'launchdarkly' && ['no-expiry', 'no-ip-allow-list'].includes(finding.policy))).toEqual([]);
	});

	it('exits 3 when a finding is at or above --fail-on and 0 when none is, with thresholds from the config', async () => {
		// Lenient thresholds and one Opal account whose owners are not looked up (so no owner-gone): admin and
		// no-expiry findings only, medium at worst.
		const directory = await configDirectory({
			audit: {staleAfterDays: 36_500, maxAgeDays: 36_500, neverUsedGraceDays: 36_500},
			change: all => all.map(entry => (entry['provider'] === 'opal' ? {...entry, resolveOwners: false} : entry)),
		});
		const run = async (level: string) => auditJson(['--account', 'opal-org-1', '--fail-on', level], directory);
		const high = await run('high');
		expect(high.report.settings).toEqual({staleAfterDays: 36_500, maxAgeDays: 36_500, neverUsedGraceDays: 36_500});
		expect(high.report.findings.length).toBeGreaterThan(0);
		expect(new Set(high.report.findings.map(finding => finding.policy))).toEqual(new Set(['admin', 'no-expiry', ...(high.report.findings.some(finding => finding.policy === 'expired') ? ['expired'] : [])]));
		expect(high.report.summary.highest).toBe('medium');
		expect(high.code).toBe(0);
		expect(high.report.failOn).toBe('high');
		const medium = await run('medium');
		expect(medium.code).toBe(3);
		expect(medium.stderr).toMatch(/\d+ findings \(0 high, \d+ medium, \d+ low\) on \d+ of \d+ tokens \(at or above --fail-on medium\)/);
		expect((await run('low')).code).toBe(3);
		// The default thresholds find more on the same account, and all of it still fails at high.
		const strict = await auditJson(['--account', 'opal-org-1', '--fail-on', 'high'], await configDirectory());
		expect(strict.report.findings.length).toBeGreaterThan(high.report.findings.length);
		expect(strict.code).toBe(strict.report.summary.highest === 'high' ? 3 : 0);
		expectNoSecrets([high.stdout, medium.stdout, medium.stderr]);
	});

	it('reports a failing account on stderr and in the output, audits the others, and exits 1 even with findings above --fail-on', async () => {
		const badKey = 'f'.repeat(64);
		const directory = await configDirectory({change: all => all.map(entry => (entry.name === 'opal-org-2' ? {...entry, apiKey: badKey} : entry))});
		const {code, stdout, stderr, report} = await auditJson(['--fail-on', 'low'], directory);
		expect(code).toBe(1);
		expect(report.accounts.filter(outcome => !outcome.complete).map(outcome => outcome.account)).toEqual(['opal-org-2']);
		expect(report.accounts.find(outcome => outcome.account === 'opal-org-2')?.error?.message).toMatch(/HTTP 401/);
		expect(report.findings.some(finding => finding.account === 'opal-org-2')).toBe(false);
		expect(report.findings.some(finding => finding.account === 'opal-org-1')).toBe(true);
		expect(report.summary.highest).toBe('high');
		expect(stderr).toMatch(/\[tokenkit:opal\] account "opal-org-2": GET \/v1\/tokens\?page_size=1000 answered HTTP 401/);
		expect(stderr).toContain('1 account failed, the audit is incomplete');

		const table = startCli(['audit', '--format', 'table', '--provider', 'opal'], {env, cwd: directory});
		expect(await table.done).toBe(1);
		expect(table.stdout()).toMatch(/opal\s+opal-org-2\s+0\s+FAILED, audit incomplete: \[tokenkit:opal\]/);
		expectNoSecrets([stdout, stderr, table.stdout(), table.stderr()], [badKey]);
	});

	it('writes csv, ndjson and markdown with the same findings as json, to stdout or a new file', async () => {
		const directory = await configDirectory();
		const {report} = await auditJson(['--provider', 'mist'], directory);
		const refs = report.findings.map(finding => `${finding.ref} ${finding.policy}`).sort();

		const csv = startCli(['audit', '--format', 'csv', '--provider', 'mist', '--output', 'audit.csv', '--quiet'], {env, cwd: directory});
		expect(await csv.done).toBe(0);
		expect(csv.stdout()).toBe('');
		expect(csv.stderr()).toBe('');
		const csvText = await readFile(join(directory, 'audit.csv'), 'utf8');
		const rows = v.parse(v.array(v.record(v.string(), v.string())), parseCsv(csvText, {columns: true}));
		expect(rows.map(row => `${row.ref ?? ''} ${row.policy ?? ''}`).sort()).toEqual(refs);

		const ndjson = startCli(['audit', '--format', 'ndjson', '--provider', 'mist'], {env, cwd: directory});
		expect(await ndjson.done).toBe(0);
		const lines = ndjson.stdout().trimEnd().split('\n').map(line => JSON.parse(line) as unknown);
		const findings = lines.filter(line => v.is(FindingSchema, line));
		expect(findings).toHaveLength(refs.length);
		expect(lines.filter(line => v.is(v.object({summary: v.looseObject({total: v.looseObject({})})}), line))).toHaveLength(1);
		expect(lines.filter(line => v.is(v.object({account: v.looseObject({complete: v.literal(true)})}), line))).toHaveLength(2);

		const markdown = startCli(['audit', '--format', 'markdown', '--provider', 'mist'], {env, cwd: directory});
		expect(await markdown.done).toBe(0);
		expect(markdown.stdout()).toMatch(/^\| severity \| vendor \| account \| token \| finding \| reason \| remedy \| OWASP \|/);
		expect(markdown.stdout().split('\n').filter(line => line.startsWith('| high |') || line.startsWith('| medium |') || line.startsWith('| low |'))).toHaveLength(refs.length);

		const again = startCli(['audit', '--format', 'csv', '--output', 'audit.csv'], {env, cwd: directory});
		expect(await again.done).toBe(2);
		expectNoSecrets([csvText, ndjson.stdout(), markdown.stdout()]);
	});

	it('runs the demo against built-in simulators without any config', async () => {
		const cli = startCli(['audit', '--demo', '--format', 'table']);
		expect(await cli.done).toBe(0);
		const text = cli.stdout();
		expect(text).toMatch(/^severity\s+vendor\s+account\s+token\s+finding\s+reason\s+remedy\s+OWASP\s+REF\n/);
		expect(text).toMatch(/\nhigh\s+\S+\s+\S+/);
		for (const vendor of ['mist', 'opal', 'launchdarkly', 'gitlab', 'github', 'cloudflare']) {
			expect(text).toMatch(new RegExp(`\\n${vendor}\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\n`));
		}

		for (const account of ['mist-org-1', 'mist-org-2', 'opal-org-1', 'opal-org-2', 'launchdarkly-account-1', 'launchdarkly-account-2', 'gitlab-instance-1', 'gitlab-instance-2', 'github-org-1', 'github-org-2-sso', 'cloudflare-account-1', 'cloudflare-user-2']) {
			expect(text).toMatch(new RegExp(`${account}\\s+\\d+\\s+complete`));
		}

		expect(text).toContain('Thresholds: stale after 90 days, max age 365 days, never-used grace 7 days');
		expect(cli.stderr()).toMatch(/^tokenkit: accounts (\d+)\/\1 complete, tokens \d+, .*; \d+ findings \(\d+ high, \d+ medium, \d+ low\) on \d+ of \d+ tokens\n$/);

		// The demo seeds like this (src/cli/demo.ts), and the same seed gives the same keys: a twin holds them all.
		const twin = await startSimulators({seed: 1, accounts: 2, tokens: 25, rateLimits: false});
		try {
			const json = startCli(['audit', '--demo', '--format', 'json', '--fail-on', 'high']);
			expect(await json.done).toBe(3);
			expect(v.parse(ReportSchema, JSON.parse(json.stdout())).summary.total.tokens).toBe(twin.vendors.reduce((sum, vendor) => sum + vendor.accounts().reduce((count, account) => count + account.tokens, 0), 0));
			const secrets = twin.allSecrets();
			for (const output of [text, cli.stderr(), json.stdout(), json.stderr()]) {
				expect(secrets.some(secret => output.includes(secret)), 'a seeded key appeared in the output').toBe(false);
			}
		} finally {
			await twin.close();
		}
	});

	it('prints its help, with every policy, and exits 0', async () => {
		const cli = startCli(['audit', '--help']);
		expect(await cli.done).toBe(0);
		for (const policy of ['stale', 'never-used', 'too-old', 'no-expiry', 'expired', 'admin', 'admin-unknown', 'no-ip-allow-list', 'owner-gone', '--fail-on LEVEL']) {
			expect(cli.stdout()).toContain(policy);
		}
	});

	it.each([
		[['--fail-on', 'critical'], /--fail-on must be one of low, medium, high; got "critical"/],
		[['--fail-on'], /audit: Option '--fail-on <value>' argument missing/],
		[['--format', 'xml'], /--format must be one of table, json, ndjson, csv, markdown/],
		[['--provider', 'bitbucket'], /--provider "bitbucket" is not a vendor tokenkit knows/],
		[['--account', 'nope'], /--account "nope" is not in the configuration/],
		[['--concurrency', '0'], /--concurrency must be a whole number from 1 to 64/],
		[['--demo', '--config', 'x.yaml'], /--demo and --config exclude each other/],
		[['--severity', 'high'], /audit: Unknown option '--severity'/],
	])('refuses %j with exit code 2 before any request', async (argv, message) => {
		const directory = await configDirectory();
		const before = simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0);
		const cli = startCli(['audit', ...argv], {env, cwd: directory});
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(message);
		expect(cli.stdout()).toBe('');
		expect(simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0)).toBe(before);
	});

	it('exits 2 on a bad audit section in the config, naming the field', async () => {
		const directory = await configDirectory({audit: {staleAfterDays: 0}});
		const cli = startCli(['audit'], {env, cwd: directory});
		expect(await cli.done).toBe(2);
		const line = /tokenkit\.yaml:(\d+): field "audit\.staleAfterDays"/.exec(cli.stderr())?.[1];
		// The config is JSON: the line named is the one that holds the field.
		const lines = (await readFile(join(directory, 'tokenkit.yaml'), 'utf8')).split('\n');
		expect(lines[Number(line) - 1]).toContain('"staleAfterDays": 0');
	});
});

describe('tokenkit audit --summary', () => {
	it('prints only the counts, for a glance', async () => {
		const cli = startCli(['audit', '--demo', '--summary', '--format', 'table']);
		expect(await cli.done).toBe(0);
		expect(cli.stdout()).toMatch(/^\d+ findings on \d+ tokens \(tokenkit audit without --summary lists them\):\n/);
		// The demo seeds like this (src/cli/demo.ts): a twin holds as many tokens.
		const twin = await startSimulators({seed: 1, accounts: 2, tokens: 25, rateLimits: false});
		const total = twin.vendors.flatMap(vendor => vendor.accounts()).reduce((sum, account) => sum + account.tokens, 0);
		await twin.close();
		expect(cli.stdout()).toMatch(new RegExp(`\\nall\\s+${total}\\s+\\d+`));
		expect(cli.stdout()).not.toMatch(/^severity\s+vendor/m);
	});

	it('refuses --summary with a machine format, which always carries every finding', async () => {
		const cli = startCli(['audit', '--demo', '--summary', '--format', 'json']);
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toContain('--summary goes with --format table or markdown');
	});
});

describe('tokenkit audit, writes', () => {
	/** Runs `tokenkit audit --demo --format ndjson` into `stdout`, in this process. */
	async function auditDemo(stdout: Writable): Promise<number> {
		const {run} = await import('../../src/cli/run.js');
		return run(['audit', '--demo', '--format', 'ndjson'], {stdout, stderr: discardingStderr(), env: {}, signal: new AbortController().signal, cwd: process.cwd()});
	}

	it('hands the report to stdout in batches, not one write per token', async () => {
		const {stdout, writes} = recordingStdout();

		expect(await auditDemo(stdout)).toBe(0);
		const lines = writes.join('').trimEnd().split('\n');
		expect(lines.filter(line => line.startsWith('{"ref"')).length).toBeGreaterThan(200);
		expect(writes.length).toBeLessThan(lines.length / 8);
	});

	it('waits for a slow stdout instead of piling the report up in memory', async () => {
		const {stdout, chunks, most} = slowStdout();

		expect(await auditDemo(stdout)).toBe(0);
		await new Promise<void>(resolve => {
			stdout.end(resolve);
		});
		const lines = chunks.join('').trimEnd().split('\n');
		expect(lines.filter(line => line.startsWith('{"ref"')).length).toBeGreaterThan(200);
		// One batch over the high-water mark at most, not the whole report.
		expect(most()).toBeLessThan(64 * 1024);
	});
});
