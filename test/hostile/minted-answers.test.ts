import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createLaunchDarklyProvider} from '../../providers/launchdarkly/index.js';
import {createMistProvider} from '../../providers/mist/index.js';
import {UnidentifiedMintError} from '../../src/errors/index.js';
import {collect} from '../support/collect.js';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {idNowhere, withoutFields} from './modes/minted-answers.js';
import {useHostileVendors, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

const EntrySchema = v.looseObject({name: v.string(), baseUrl: v.string(), apiKey: v.string(), orgId: v.optional(v.string())});
const SecretLineSchema = v.strictObject({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

/** The first account of `vendor` behind the hostile server, as a config entry. */
function entryOf(hostile: HostileVendor, vendor: string) {
	const entry = hostile.entries.find(candidate => candidate['provider'] === vendor && candidate['baseUrl']?.startsWith(hostile.server.url.replace(/\/$/, '')));
	return v.parse(EntrySchema, entry);
}

function mistProvider(hostile: HostileVendor) {
	const entry = entryOf(hostile, 'mist');
	return createMistProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, orgId: entry.orgId, account: entry.name, retry: {attempts: 1}});
}

/** Whether a Mist key works at the simulator behind the hostile server. */
async function mistKeyWorks(hostile: HostileVendor, key: string): Promise<boolean> {
	const response = await fetch(new URL('/api/v1/self', hostile.behind.get('mist').baseUrl), {headers: {authorization: `Token ${key}`}});
	await response.arrayBuffer();
	return response.status === 200;
}

async function secretLines(path: string) {
	const text = await readFile(path, 'utf8');
	return text.trimEnd().split('\n').map(line => v.parse(SecretLineSchema, JSON.parse(line)));
}

describe('a minting answer that carries the key but not the rest of the record', () => {
	it('Mist create without id, org_id and created_time (the spec requires only name): the key is kept and the token found by the listing', async () => {
		const hostile = await startHostile({vendor: 'mist', mode: withoutFields(['id', 'org_id', 'created_time']), others: false, tokens: 3});
		const provider = mistProvider(hostile);
		const {token, secret} = await provider.create({name: 'kept', privileges: [{role: 'read', scope: 'org', resource: null}]});
		expect(await mistKeyWorks(hostile, secret.reveal())).toBe(true);
		const listed = await collect(provider.list());
		expect(listed.filter(item => item.name === 'kept').map(item => item.id)).toEqual([token.id]);
		expect(token).toMatchObject({name: 'kept', privileges: [{role: 'read', scope: 'org'}]});
		expect(token.createdAt).toBeInstanceOf(Date);
		expect(JSON.stringify(token)).not.toContain(secret.reveal());
	});

	it('Mist create with no id and no way to find the token: the error says what is unknown and holds the key', async () => {
		const hostile = await startHostile({vendor: 'mist', mode: idNowhere, others: false, tokens: 3});
		const error = await mistProvider(hostile).create({name: 'lost?', privileges: [{role: 'read', scope: 'org', resource: null}]}).then(() => undefined, (failure: unknown) => failure);
		expect(error).toBeInstanceOf(UnidentifiedMintError);
		const key = error instanceof UnidentifiedMintError ? error.secret.reveal() : '';
		expect(await mistKeyWorks(hostile, key)).toBe(true);
		expect(String(error)).toMatch(/answered without the token's id \(`id`\).*which token holds it is unknown/);
		expect(findLeaks([{where: 'error', text: `${String(error)}\n${JSON.stringify(error)}`}], [key])).toEqual([]);
	});

	it('tokenkit rotate of a Mist token whose twin comes back without id, org_id and created_time: the key reaches the secret file, the old token goes', async () => {
		const hostile = await startHostile({vendor: 'mist', mode: withoutFields(['id', 'org_id', 'created_time']), tokens: 3});
		// Not the simulator's own keys, which the config uses; unrestricted, so its twin's key works from here.
		const victim = (await collect(mistProvider(hostile).list())).find(token => !token.name.startsWith('tokenkit-') && token.allowedIps?.length === 0);
		const entry = entryOf(hostile, 'mist');
		const ref = `mist:${entry.name}:${victim?.id ?? ''}`;
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await cli.done).toBe(0);
		const [line] = await secretLines(join(directory, 'keys.jsonl'));
		expect(line).toMatchObject({rotated: ref, name: victim?.name});
		expect(await mistKeyWorks(hostile, line?.key ?? '')).toBe(true);
		expect((await collect(mistProvider(hostile).list())).map(token => token.id)).not.toContain(victim?.id);

		const written = (await filesUnder(directory)).filter(file => !file.where.endsWith('keys.jsonl'));
		const leaks = findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}, ...written], [...hostile.secrets(), line?.key ?? '']);
		expect(leaks).toEqual([]);
	});

	it('tokenkit rotate of a LaunchDarkly token whose reset answer lacks every field but the key and id: the key reaches the secret file', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: withoutFields(['ownerId', 'memberId', 'creationDate', 'lastModified', '_links']), tokens: 3});
		const entry = entryOf(hostile, 'launchdarkly');
		const provider = createLaunchDarklyProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, retry: {attempts: 1}});
		const victim = (await collect(provider.list())).find(token => !token.name.startsWith('tokenkit-'));
		const ref = `launchdarkly:${entry.name}:${victim?.id ?? ''}`;
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['rotate', ref, '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await cli.done).toBe(0);
		const [line] = await secretLines(join(directory, 'keys.jsonl'));
		expect(line).toMatchObject({ref, rotated: ref});
		const check = await fetch(new URL('/api/v2/tokens?limit=1', hostile.behind.get('launchdarkly').baseUrl), {headers: {authorization: line?.key ?? '', 'ld-api-version': '20240415'}});
		await check.arrayBuffer();
		expect(check.status).toBe(200);

		const written = (await filesUnder(directory)).filter(file => !file.where.endsWith('keys.jsonl'));
		expect(findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}, ...written], [...hostile.secrets(), line?.key ?? ''])).toEqual([]);
	});

	it('LaunchDarkly create whose answer lacks creationDate and _links: the key is kept and the token read back', async () => {
		const hostile = await startHostile({vendor: 'launchdarkly', mode: withoutFields(['creationDate', '_links']), others: false, tokens: 3});
		const entry = entryOf(hostile, 'launchdarkly');
		const provider = createLaunchDarklyProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, retry: {attempts: 1}});
		const {token, secret} = await provider.create({name: 'kept', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		expect(token).toMatchObject({name: 'kept'});
		expect(token.createdAt).toBeInstanceOf(Date);
		expect(secret.reveal().length).toBeGreaterThan(20);
		expect(JSON.stringify(token)).not.toContain(secret.reveal());
	});
});
