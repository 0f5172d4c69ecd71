import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createOktaProvider} from '../../providers/okta/index.js';
import {parseReport} from '../reliability/support.js';
import {collect} from '../support/collect.js';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {useLoopbackServers} from '../support/loopback-server.js';
import {startCli, type CliRun} from '../support/run-cli.js';
import {createsSecret, echoCredential, firstAppGone, foreignNextLink, loseFirstSecretCreate} from './modes/okta.js';
import {passThrough, useHostileVendors, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();
const startServer = useLoopbackServers();

const EntrySchema = v.looseObject({name: v.string(), baseUrl: v.string(), apiKey: v.string(), credentials: v.optional(v.string())});

/** The client-secrets account of the first org, behind the hostile server. */
function appsEntry(hostile: HostileVendor) {
	const entry = hostile.entries.find(candidate => candidate['credentials'] === 'client-secrets' && candidate['baseUrl']?.startsWith(hostile.server.url.replace(/\/$/, '')));
	return v.parse(EntrySchema, entry);
}

/** A client secret whose client holds no other: it can be rotated within Okta's limit of two. */
async function rotatableSecret(hostile: HostileVendor): Promise<string> {
	const entry = appsEntry(hostile);
	const provider = createOktaProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, credentials: 'client-secrets'});
	const secrets = await collect(provider.list());
	const appOf = (id: string): string => id.split('/')[0] ?? '';
	const single = secrets.find(secret => secret.status === 'active' && secrets.filter(other => appOf(other.id) === appOf(secret.id)).length === 1);
	return `okta:${entry.name}:${single?.id ?? ''}`;
}

/** Everything a run printed or wrote but the secret file, searched for every key the simulators know. */
async function leaksOf(cli: CliRun, directory: string, hostile: HostileVendor, minted: readonly string[] = []) {
	const written = (await filesUnder(directory)).filter(file => !file.where.endsWith('keys.jsonl'));
	return findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}, ...written], [...hostile.secrets(), ...minted]);
}

describe('Okta, when its answers go wrong', () => {
	it.each(['500', 'reset'] as const)('a client-secret rotation whose answer is lost (%s) is sent once, reported as unknown, and not repeated', async how => {
		const hostile = await startHostile({vendor: 'okta', mode: loseFirstSecretCreate(how), others: false, tokens: 5});
		const ref = await rotatableSecret(hostile);
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await cli.done).toBe(1);
		const creates = hostile.server.requests.filter(request => request.method === 'POST' && /\/credentials\/secrets$/.test(new URL(request.url, 'http://x').pathname));
		expect(creates).toHaveLength(1);
		const said = `${cli.stdout()}\n${cli.stderr()}`;
		expect(said).toContain('Okta may have created a new client secret');
		expect(said).toContain('Do not simply rotate again');
		// Nothing was stored and the old secret was left alone: no deactivate, no delete.
		expect(await readFile(join(directory, 'keys.jsonl'), 'utf8').catch(() => '')).toBe('');
		expect(hostile.server.requests.filter(request => request.method === 'DELETE' || request.url.includes('/lifecycle/'))).toEqual([]);

		// A second run of the same command does not create again either: the journal says the outcome is unknown.
		const again = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await again.done).toBe(1);
		expect(hostile.server.requests.filter(request => request.method === 'POST' && request.url.endsWith('/credentials/secrets'))).toHaveLength(1);
		expect(await leaksOf(cli, directory, hostile)).toEqual([]);
		expect(await leaksOf(again, directory, hostile)).toEqual([]);
	});

	it('a next-page link to another origin is not followed: that account is incomplete, the others finish', async () => {
		const elsewhere = await startServer((_request, response) => {
			response.end('[]');
		});
		const hostile = await startHostile({vendor: 'okta', mode: foreignNextLink(elsewhere.url.replace(/\/$/, '')), tokens: 5});
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await cli.done).toBe(1);
		const report = parseReport(cli.stdout());
		const tokensAccount = report.accounts.find(account => account.provider === 'okta' && account.account === 'okta-org-1');
		expect(tokensAccount?.complete).toBe(false);
		expect(JSON.stringify(tokensAccount?.error)).toMatch(/PaginationError.*outside/);
		expect(report.accounts.filter(account => account.provider !== 'okta' || account.account.endsWith('-apps')).every(account => account.complete)).toBe(true);
		expect(elsewhere.requests).toEqual([]);
		expect(await leaksOf(cli, directory, hostile)).toEqual([]);
	});

	it('an app deleted while its org is listed leaves out its secrets, and the list is complete', async () => {
		const hostile = await startHostile({vendor: 'okta', mode: firstAppGone, others: false, tokens: 5});
		const entry = appsEntry(hostile);
		const provider = createOktaProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, credentials: 'client-secrets'});
		const secrets = await collect(provider.list());
		const direct = createOktaProvider({apiKey: entry.apiKey, baseUrl: hostile.behind.get('okta').baseUrl, account: entry.name, credentials: 'client-secrets'});
		const all = await collect(direct.list());
		expect(secrets.length).toBeGreaterThan(0);
		expect(secrets.length).toBeLessThan(all.length);
		expect(secrets.every(secret => all.some(other => other.id === secret.id))).toBe(true);
	});

	it('a credential echoed in token names and error messages is printed nowhere, in inventory and audit', async () => {
		const hostile = await startHostile({vendor: 'okta', mode: echoCredential, others: false, tokens: 8});
		const {directory, env} = await hostile.writeConfig();
		for (const args of [['inventory', '--format', 'json'], ['inventory', '--format', 'table'], ['audit', '--format', 'csv'], ['audit', '--format', 'json', '--output', 'audit.json']]) {
			const cli = startCli(args, {env, cwd: directory});
			expect(await cli.done, args.join(' ')).toBeLessThan(4);
			expect(await leaksOf(cli, directory, hostile), args.join(' ')).toEqual([]);
		}

		expect(hostile.server.requests.length).toBeGreaterThan(0);
	});

	it('a rotation that goes through stores the new secret before the old one is deactivated, and leaks it nowhere else', async () => {
		const hostile = await startHostile({vendor: 'okta', mode: passThrough, others: false, tokens: 5});
		const ref = await rotatableSecret(hostile);
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await cli.done).toBe(0);
		const [line] = (await readFile(join(directory, 'keys.jsonl'), 'utf8')).trimEnd().split('\n').map(text => v.parse(v.object({ref: v.string(), rotated: v.string(), key: v.string()}), JSON.parse(text)));
		expect(line?.rotated).toBe(ref);
		expect(hostile.secrets()).toContain(line?.key);
		const order = hostile.server.requests.filter(request => request.method !== 'GET').map(request => request.method === 'POST' && createsSecret({method: 'POST', pathname: new URL(request.url, 'http://x').pathname, vendor: 'okta', url: request.url, headers: {}, body: Buffer.alloc(0)}) ? 'create' : request.url.endsWith('/deactivate') ? 'deactivate' : request.method);
		expect(order).toEqual(['create', 'deactivate', 'DELETE']);
		expect(await leaksOf(cli, directory, hostile, [line?.key ?? ''])).toEqual([]);
	});
});
