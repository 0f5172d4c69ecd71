import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createOpenAIProvider} from '../../providers/openai/index.js';
import {PaginationError} from '../../src/errors/index.js';
import type {Token} from '../../src/token.js';
import {parseReport} from '../reliability/support.js';
import {collect, rejectionOf} from '../support/collect.js';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {startCli, type CliRun} from '../support/run-cli.js';
import {echoCredential, echoMintedKeys, ignoresCursor, loseFirstMint, mintsKey, moreWithoutLastId, repeatsAKey, strayLastId} from './modes/openai.js';
import {passThrough, useHostileVendors, type HostileMode, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

const EntrySchema = v.looseObject({name: v.string(), baseUrl: v.string(), apiKey: v.string()});

/** The first organization's config entry, behind the hostile server. */
function entryOf(hostile: HostileVendor) {
	return v.parse(EntrySchema, hostile.entries.find(candidate => candidate['provider'] === 'openai' && candidate['baseUrl']?.startsWith(hostile.server.url.replace(/\/$/, '')) === true));
}

/** The organization's keys, listed straight from the simulator behind the hostile server. */
async function keysOf(hostile: HostileVendor): Promise<Token[]> {
	const entry = entryOf(hostile);
	return collect(createOpenAIProvider({apiKey: entry.apiKey, baseUrl: hostile.behind.get('openai').baseUrl, account: entry.name}).list());
}

/** Everything a run printed or wrote but the secret file, searched for every key the simulators know and any given. */
async function leaksOf(cli: CliRun, directory: string, hostile: HostileVendor, minted: readonly string[] = []) {
	const written = (await filesUnder(directory)).filter(file => !file.where.endsWith('keys.jsonl'));
	return findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}, ...written], [...hostile.secrets(), ...minted]);
}

const mints = (hostile: HostileVendor) => hostile.server.requests.filter(request => mintsKey({method: request.method, pathname: new URL(request.url, 'http://x').pathname}));

describe('OpenAI, when its answers go wrong', () => {
	it.each([
		['an admin key', '500', (token: Token) => token.kind === 'org' && !token.ownCredential],
		['an admin key', 'reset', (token: Token) => token.kind === 'org' && !token.ownCredential],
		['a service account\'s key', '500', (token: Token) => token.kind === 'service' && token.status === 'active' && token.owner?.status === 'present'],
	] as const)('a rotation of %s whose answer is lost (%s) is sent once, reported as unknown, and not repeated', async (_kind, how, pick) => {
		const hostile = await startHostile({vendor: 'openai', mode: loseFirstMint(how), others: false, tokens: 30});
		const target = (await keysOf(hostile)).find(token => pick(token));
		const ref = `openai:${entryOf(hostile).name}:${target?.id ?? ''}`;
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await cli.done).toBe(1);
		expect(mints(hostile)).toHaveLength(1);
		const said = `${cli.stdout()}\n${cli.stderr()}`;
		expect(said).toContain(`OpenAI may have minted a key named "${target?.name ?? ''}"`);
		expect(said).toContain('Do not simply rotate again');
		// Nothing stored, and the old key left alone.
		expect(await readFile(join(directory, 'keys.jsonl'), 'utf8').catch(() => '')).toBe('');
		expect(hostile.server.requests.filter(request => request.method === 'DELETE')).toEqual([]);

		// The same command again does not mint again: the journal says the outcome is unknown.
		const again = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await again.done).toBe(1);
		expect(mints(hostile)).toHaveLength(1);
		expect(await leaksOf(cli, directory, hostile)).toEqual([]);
		expect(await leaksOf(again, directory, hostile)).toEqual([]);
	});

	it.each([
		['has_more without a last_id', moreWithoutLastId, /says more follow \(has_more\) but names no last_id/],
		['a last_id that is not the page\'s last item', strayLastId, /names last_id "key_notOnThisPage", but its last item is/],
		['a cursor that never moves on', ignoresCursor(), /listed twice|a second time/],
		['a key listed again on a later page', repeatsAKey(), /listed twice/],
	] as const)('%s is a PaginationError, never an endless loop or a short list; the other accounts finish', async (_case, mode: HostileMode, message) => {
		const hostile = await startHostile({vendor: 'openai', mode, tokens: 40, maxRequests: 400});
		const entry = entryOf(hostile);
		const error = await rejectionOf(collect(createOpenAIProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, pageSize: 2}).list()));
		expect(error).toBeInstanceOf(PaginationError);
		expect(String(error)).toMatch(/\[tokenkit:openai\] account "openai-org-1": /);
		expect(String(error)).toMatch(message);
		expect(hostile.overflow).toBe(0);

		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await cli.done).toBe(1);
		const report = parseReport(cli.stdout());
		const mine = report.accounts.filter(account => account.provider === 'openai');
		expect(mine.some(account => !account.complete && JSON.stringify(account.error).includes('PaginationError'))).toBe(true);
		expect(report.accounts.filter(account => account.provider !== 'openai').every(account => account.complete)).toBe(true);
		expect(await leaksOf(cli, directory, hostile)).toEqual([]);
	});

	it('a credential echoed in key names and error messages is printed nowhere, in inventory and audit', async () => {
		const hostile = await startHostile({vendor: 'openai', mode: echoCredential, others: false, tokens: 12});
		const {directory, env} = await hostile.writeConfig();
		for (const args of [['inventory', '--format', 'json'], ['inventory', '--format', 'table'], ['audit', '--format', 'csv'], ['audit', '--format', 'json', '--output', 'audit.json']]) {
			const cli = startCli(args, {env, cwd: directory});
			expect(await cli.done, args.join(' ')).toBeLessThan(4);
			expect(await leaksOf(cli, directory, hostile), args.join(' ')).toEqual([]);
		}

		// And a refused key: OpenAI's message repeating it is scrubbed too.
		const refused = await hostile.writeConfig(hostile.entries.map(entry => ({...entry, apiKey: 'sk-admin-notAKeyTheOrganizationKnowsAbout0123456789abcd'})));
		const cli = startCli(['inventory', '--format', 'json'], {env: refused.env, cwd: refused.directory});
		expect(await cli.done).toBe(1);
		expect(cli.stderr()).toContain('takes only a live organization admin key');
		expect(await leaksOf(cli, refused.directory, hostile, ['sk-admin-notAKeyTheOrganizationKnowsAbout0123456789abcd'])).toEqual([]);
	});

	it.each([
		['an admin key', (token: Token) => token.kind === 'org' && !token.ownCredential, /^sk-admin-/],
		['a service account\'s key', (token: Token) => token.kind === 'service' && token.status === 'active' && token.owner?.status === 'present', /^sk-svcacct-/],
	] as const)('rotating %s stores the new key, echoed back in every answer after it was made, in the secret file and nowhere else', async (_kind, pick, prefix) => {
		const hostile = await startHostile({vendor: 'openai', mode: echoMintedKeys(), others: false, tokens: 30});
		const target = (await keysOf(hostile)).find(token => pick(token));
		const ref = `openai:${entryOf(hostile).name}:${target?.id ?? ''}`;
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await cli.done, cli.stderr()).toBe(0);
		const [line] = (await readFile(join(directory, 'keys.jsonl'), 'utf8')).trimEnd().split('\n').map(text => v.parse(v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()}), JSON.parse(text)));
		expect(line?.rotated).toBe(ref);
		expect(line?.key).toMatch(prefix);
		expect(hostile.secrets()).toContain(line?.key);
		// The create, the read back, the delete: the old key goes only after the new one is stored.
		expect(hostile.server.requests.filter(request => request.method !== 'GET').map(request => request.method)).toEqual(['POST', 'DELETE']);

		expect(await leaksOf(cli, directory, hostile, [line?.key ?? ''])).toEqual([]);
	});

	it('a key created through the library is echoed in its own create answer, and is in its Secret only', async () => {
		const hostile = await startHostile({vendor: 'openai', mode: echoMintedKeys(), others: false, tokens: 5});
		const entry = entryOf(hostile);
		const provider = createOpenAIProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name});
		const minted = await provider.create({name: 'echoed', privileges: [{role: 'admin', scope: 'organization', resource: null}]});
		const printed = JSON.stringify([minted.token, await collect(provider.list())]);
		expect(findLeaks([{where: 'records', text: printed}], [minted.secret.reveal()])).toEqual([]);
		expect(minted.token.secretHint).toBeNull();
	});

	it('passes a plain listing through unharmed', async () => {
		const hostile = await startHostile({vendor: 'openai', mode: passThrough, others: false, tokens: 10});
		expect((await keysOf(hostile)).length).toBe(hostile.behind.get('openai').accounts()[0]?.tokens);
	});
});
