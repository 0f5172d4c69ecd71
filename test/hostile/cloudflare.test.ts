import {join} from 'node:path';
import {readFile} from 'node:fs/promises';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createCloudflareProvider} from '../../providers/cloudflare/index.js';
import {isPaginationError} from '../../src/errors/guards.js';
import {HttpError} from '../../src/errors/index.js';
import {collect} from '../support/collect.js';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {parseReport} from '../reliability/support.js';
import {cutShort, echoCredential, failureUnder200, isRoll, lostRoll} from './modes/cloudflare.js';
import {passThrough, useHostileVendors, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

const EntrySchema = v.looseObject({name: v.string(), baseUrl: v.string(), apiKey: v.string(), accountId: v.optional(v.string())});

/** The first Cloudflare account entry behind the hostile server. */
function entryOf(hostile: HostileVendor) {
	return v.parse(EntrySchema, hostile.entries.find(candidate => candidate['provider'] === 'cloudflare' && candidate['accountId'] !== undefined && candidate['baseUrl']?.startsWith(hostile.server.url.replace(/\/$/, ''))));
}

function provider(hostile: HostileVendor) {
	const entry = entryOf(hostile);
	return createCloudflareProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, accountId: entry.accountId, account: entry.name, retry: {baseDelay: 5}});
}

/** A token of the first account that is none of the simulator's own keys, and works. */
async function victimOf(hostile: HostileVendor) {
	const victim = (await collect(provider(hostile).list())).find(token => !token.name.startsWith('tokenkit-') && token.status === 'active' && !token.ownCredential);
	if (victim === undefined) {
		throw new Error('no token to roll');
	}

	return victim;
}

async function run(hostile: HostileVendor, argv: readonly string[]) {
	const {directory, env} = await hostile.writeConfig();
	const cli = startCli(argv, {env, cwd: directory});
	const code = await cli.done;
	return {code, directory, stdout: cli.stdout(), stderr: cli.stderr()};
}

/** Everything a run printed or wrote (the secret file aside), searched for every key the simulators know and `more`. */
async function leaksOf(hostile: HostileVendor, result: {directory: string; stdout: string; stderr: string}, more: readonly string[] = []) {
	const written = (await filesUnder(result.directory)).filter(file => !file.where.endsWith('keys.jsonl'));
	return findLeaks([{where: 'stdout', text: result.stdout}, {where: 'stderr', text: result.stderr}, ...written], [...hostile.secrets(), ...more]);
}

describe('a Cloudflare roll whose answer is lost', () => {
	it.each(['500', 'reset'] as const)('after a %s, exactly one roll reached Cloudflare; the outcome is reported as unknown, not retried, and nothing leaks', async how => {
		const hostile = await startHostile({vendor: 'cloudflare', mode: lostRoll(how), tokens: 4});
		const victim = await victimOf(hostile);
		const ref = `cloudflare:${entryOf(hostile).name}:${victim.id}`;
		const result = await run(hostile, ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);

		expect(result.code).toBe(1);
		expect(hostile.server.requests.filter(request => isRoll(request.method, new URL(request.url, 'http://x').pathname))).toHaveLength(1);
		expect(result.stdout + result.stderr).toMatch(/Check whether the old secret still works .* before rolling again; do not simply roll again/);
		// Cloudflare did roll: the new secret exists there, and was neither stored nor printed.
		const rolled = hostile.behind.get('cloudflare').simulator.allSecrets().at(-1) ?? '';
		expect(await readFile(join(result.directory, 'keys.jsonl'), 'utf8').catch(() => '')).not.toContain(rolled);
		expect(await leaksOf(hostile, result, [rolled])).toEqual([]);

		// A second run of the same command does not roll again: the journal says the outcome is unknown.
		const again = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env: (await hostile.writeConfig()).env, cwd: result.directory});
		await again.done;
		expect(hostile.server.requests.filter(request => isRoll(request.method, new URL(request.url, 'http://x').pathname))).toHaveLength(1);
	});

	it('through the library: one PUT, a ServerError that says the token may have been rolled', async () => {
		const hostile = await startHostile({vendor: 'cloudflare', mode: lostRoll('500'), tokens: 3, others: false});
		const victim = await victimOf(hostile);
		const error = await provider(hostile).rotate(victim.id).then(() => undefined, (failure: unknown) => failure);
		expect(error).toBeInstanceOf(HttpError);
		expect(String(error)).toContain(`token ${victim.id} may have been rolled: if so, its old secret no longer works and the new one is lost`);
		expect(hostile.server.requests.filter(request => isRoll(request.method, new URL(request.url, 'http://x').pathname))).toHaveLength(1);
	});
});

describe('a Cloudflare roll through the command line', () => {
	it('writes the new secret to the secret file only; the old one no longer works', async () => {
		const hostile = await startHostile({vendor: 'cloudflare', mode: passThrough, tokens: 4});
		const victim = await victimOf(hostile);
		const old = hostile.behind.get('cloudflare').simulator.allSecrets();
		const ref = `cloudflare:${entryOf(hostile).name}:${victim.id}`;
		const result = await run(hostile, ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes']);
		expect(result.code, result.stderr).toBe(0);
		const [line] = (await readFile(join(result.directory, 'keys.jsonl'), 'utf8')).trimEnd().split('\n').map(text => v.parse(v.looseObject({ref: v.string(), key: v.string()}), JSON.parse(text)));
		expect(line?.ref).toBe(ref);
		expect(line?.key).toMatch(/^cfat_/);
		expect(old).not.toContain(line?.key);
		expect(await leaksOf(hostile, result, [line?.key ?? ''])).toEqual([]);
	});

	it('refuses --grace before any request, saying why (exit 2)', async () => {
		const hostile = await startHostile({vendor: 'cloudflare', mode: passThrough, tokens: 2, others: false});
		const ref = `cloudflare:${entryOf(hostile).name}:${'a'.repeat(32)}`;
		const result = await run(hostile, ['rotate', ref, '--secret-out', 'keys.jsonl', '--grace', '1h', '--yes']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('Cloudflare\'s roll invalidates the current secret at once and takes no grace period');
		expect(hostile.server.requests.filter(request => request.method !== 'GET')).toHaveLength(0);
	});
});

describe('Cloudflare listings that cannot be trusted', () => {
	it('a second page empty before the announced total: a PaginationError, never a short inventory; other accounts finish', async () => {
		const hostile = await startHostile({vendor: 'cloudflare', mode: cutShort, tokens: 60});
		const error = await collect(provider(hostile).list()).then(() => undefined, (failure: unknown) => failure);
		expect(isPaginationError(error)).toBe(true);
		expect(String(error)).toMatch(/announced \d+ tokens .* an empty page came after 50/);

		const result = await run(hostile, ['inventory', '--format', 'json']);
		expect(result.code).toBe(1);
		const report = parseReport(result.stdout);
		const cloudflareAccounts = report.accounts.filter(outcome => outcome.provider === 'cloudflare' && outcome.account.startsWith('cloudflare-account-'));
		expect(cloudflareAccounts.every(outcome => !outcome.complete)).toBe(true);
		expect(report.accounts.filter(outcome => outcome.provider !== 'cloudflare').every(outcome => outcome.complete)).toBe(true);
	});

	it('an envelope that says failure under a 200 is an error naming vendor and account, not an empty list', async () => {
		const hostile = await startHostile({vendor: 'cloudflare', mode: failureUnder200, tokens: 3, others: false});
		const error = await collect(provider(hostile).list()).then(() => undefined, (failure: unknown) => failure);
		expect(error).toBeInstanceOf(HttpError);
		expect(String(error)).toMatch(/\[tokenkit:cloudflare\] account "cloudflare-account-1".*its envelope says the call failed; vendor says: Authentication error/);
	});

	it('answers that echo the credential are scrubbed from every format', async () => {
		const hostile = await startHostile({vendor: 'cloudflare', mode: echoCredential, tokens: 3});
		for (const format of ['json', 'table', 'csv']) {
			const result = await run(hostile, ['inventory', '--format', format]);
			expect(result.code, result.stderr).toBe(0);
			expect(await leaksOf(hostile, result)).toEqual([]);
		}

		const audit = await run(hostile, ['audit', '--format', 'json']);
		expect(await leaksOf(hostile, audit)).toEqual([]);
	});
});
