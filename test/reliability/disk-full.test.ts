import {execFile} from 'node:child_process';
import {mkdtemp, open, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {promisify} from 'node:util';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import type {TokenProvider} from '../../src/provider.js';
import {failDeleteOf, isMint, onMint} from '../hostile/modes/disk-full.js';
import {useHostileVendors, type HostileMode, type HostileVendor} from '../hostile/vendor.js';
import {fullDisk, type FullDisk} from '../support/full-disk.js';
import {findLeaks} from '../support/leak-scan.js';
import {startCli, waitFor} from '../support/run-cli.js';
import {journalSteps, mistAccount, useRig} from './rig.js';

const startHostile = useHostileVendors();
const startRig = useRig();
const SecretLineSchema = v.strictObject({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});

interface Setup {
	readonly hostile: HostileVendor;
	readonly directory: string;
	readonly env: NodeJS.ProcessEnv;
	readonly refs: string[];
	/** The vendor's provider, past the hostile server. */
	readonly direct: TokenProvider;
}

async function setUp(vendor: 'mist' | 'launchdarkly', mode: HostileMode, count: number): Promise<Setup> {
	const hostile = await startHostile({vendor, mode, tokens: 1, others: false});
	const {directory, env} = await hostile.writeConfig();
	const entry = hostile.behind.vendors[0]?.configEntries()[0] ?? {};
	const definition = builtInVendors.find(candidate => candidate.name === vendor);
	if (definition === undefined) {
		throw new Error(`no vendor ${vendor}`);
	}

	// Minted past the hostile server: the test's own tokens, none of them the credential the CLI uses.
	const {name = '', provider = '', apiKey = '', baseUrl, ...options} = entry;
	const direct = definition.createProvider({name, provider, apiKey, baseUrl, options, where: 'test'}, {});
	const privileges = vendor === 'mist'
		? [{role: 'admin', scope: 'org', resource: entry.orgId ?? ''}]
		: [{role: 'reader', scope: 'account', resource: null}];
	const refs: string[] = [];
	for (let index = 0; index < count; index++) {
		const minted = await direct.create({name: `disk-${index}`, privileges, ...(vendor === 'launchdarkly' ? {kind: 'service'} : {})});
		refs.push(`${vendor}:${name}:${minted.token.id}`);
	}

	return {hostile, directory, env, refs, direct};
}

/** The lines of a secret file: each a whole record, or `null` where a line cannot be read. */
async function secretLines(path: string) {
	const text = await readFile(path, 'utf8');
	return text.split('\n').filter(line => line !== '').map(line => {
		try {
			return v.parse(SecretLineSchema, JSON.parse(line));
		} catch {
			return null;
		}
	});
}

function rotate(setup: Setup, refs: readonly string[], disk: FullDisk) {
	return startCli(['rotate', ...refs, '--secret-out', 'keys.jsonl', '--yes'], {env: setup.env, cwd: setup.directory, disk});
}

/** The tokens the vendor has now, as `id name`. */
async function vendorTokens(setup: Setup): Promise<Array<{id: string; name: string}>> {
	const tokens: Array<{id: string; name: string}> = [];
	for await (const token of setup.direct.list()) {
		tokens.push({id: token.id, name: token.name});
	}

	return tokens;
}

const mints = (setup: Setup): number => setup.hostile.server.requests.filter(request => isMint(request)).length;
const idOf = (ref: string): string => ref.split(':')[2] ?? '';

/** Everything the runs printed and the journal: no key may be found there (the secret file aside). */
async function leaks(setup: Setup, runs: ReadonlyArray<{stdout(): string; stderr(): string}>, keys: readonly string[]) {
	const journal = await readFile(join(setup.directory, 'keys.jsonl.journal'), 'utf8');
	const texts = [...runs.flatMap((run, index) => [{where: `run ${index} stdout`, text: run.stdout()}, {where: `run ${index} stderr`, text: run.stderr()}]), {where: 'journal', text: journal}];
	return findLeaks(texts, [...setup.hostile.secrets(), ...keys]);
}

describe('a Mist rotation whose disk fills up part-way through a new key', () => {
	it('cuts the line off again, deletes the twin, leaves the old token alone, and the rerun finishes what it safely can', async () => {
		const disk = fullDisk();
		// The disk takes 40 more bytes when the second new key is about to be written.
		const setup = await setUp('mist', onMint(count => {
			if (count === 2) {
				disk.fill(40);
			}
		}), 3);
		const [a = '', b = '', c = ''] = setup.refs;
		const keysPath = join(setup.directory, 'keys.jsonl');

		const first = rotate(setup, setup.refs, disk);
		expect(await first.done, first.stderr()).toBe(1);
		expect(first.stdout()).toContain(`rotated ${a}: `);
		expect(first.stdout()).toMatch(new RegExp(`FAILED  ${b}: keys\\.jsonl could not be written \\(ENOSPC: no space left on device, after 40 of the line's \\d+ bytes, which were cut off again\\); nothing of the line is left in it\\. The new key could not be stored, so the new token \\S+ was deleted again; the old key works as before`));
		expect(first.stdout()).toContain(`FAILED  ${c}: not rotated, because its start could not be recorded: keys.jsonl.journal could not be written (ENOSPC: no space left on device)`);
		// Every line of the secret file is a whole record: the one of the key that was stored.
		const lines = await secretLines(keysPath);
		expect(lines).toEqual([expect.objectContaining({rotated: a})]);
		const tokens = await vendorTokens(setup);
		// A's old token went only after its key was on disk; B's and C's were never touched, and B's twin is gone again.
		expect(tokens.map(token => token.id)).not.toContain(idOf(a));
		expect(tokens.map(token => token.id)).toEqual(expect.arrayContaining([idOf(b), idOf(c), idOf(lines[0]?.ref ?? '')]));
		expect(tokens.filter(token => token.name === 'disk-1')).toEqual([{id: idOf(b), name: 'disk-1'}]);

		disk.free();
		const mintsBefore = mints(setup);
		const again = rotate(setup, setup.refs, disk);
		expect(await again.done, again.stderr()).toBe(1);
		expect(again.stdout()).toContain(`rotated ${a}: already, by the earlier run`);
		// B's outcome never reached the journal (the disk was full): it is left for a person, never minted again.
		expect(again.stdout()).toMatch(new RegExp(`FAILED  ${b}: not rotated again, because a replace started at \\S+ and its outcome was never recorded`));
		expect(again.stdout()).toContain(`rotated ${c}: `);
		expect(mints(setup) - mintsBefore).toBe(1);
		const after = await secretLines(keysPath);
		expect(after.map(line => line?.rotated)).toEqual([a, c]);
		expect(await leaks(setup, [first, again], after.map(line => line?.key ?? ''))).toEqual([]);
	});
});

describe('a new key cut short that cannot be cut off again (a crash, or a disk that also fails the truncate)', () => {
	it('is never written onto: the next key starts a new line, and the rerun names the line, the REF and the lost token', async () => {
		const disk = fullDisk();
		disk.failTruncate();
		const setup = await setUp('mist', onMint(count => {
			if (count === 2) {
				// Enough for the record's two REFs, not for its key.
				disk.fill(140);
			}
		}), 3);
		const [a = '', b = '', c = ''] = setup.refs;
		const keysPath = join(setup.directory, 'keys.jsonl');
		const first = rotate(setup, setup.refs, disk);
		expect(await first.done).toBe(1);
		expect(first.stdout()).toMatch(new RegExp(`FAILED  ${b}: keys\\.jsonl could not be written \\(ENOSPC: no space left on device, after 140 of the line's \\d+ bytes\\), and the part written could not be cut off: its last line is cut short\\. The new key could not be stored, so the new token (\\S+) was deleted again`));
		const twin = /so the new token (\S+) was deleted again/.exec(first.stdout())?.[1] ?? '';
		expect((await readFile(keysPath, 'utf8')).endsWith('\n')).toBe(false);

		disk.free();
		const again = rotate(setup, setup.refs, disk);
		expect(await again.done).toBe(1);
		expect(again.stderr()).toContain(`tokenkit: warning: ${keysPath}:2 is a record cut short (the disk filled up, or a run was stopped, while it was written): the new key for ${b} (token ${twin}) in it cannot be read and is not counted as stored; that token's key is lost: revoke it if it still exists (tokenkit revoke mist:${b.split(':')[1] ?? ''}:${twin}), then rotate ${b} again with a new --secret-out file. This run never writes onto that line.`);
		expect(again.stdout()).toContain(`FAILED  ${b}: not rotated again`);
		expect(again.stdout()).toContain(`rotated ${c}: `);
		// C's key went on a line of its own: every line but the cut one is a whole record.
		const lines = await secretLines(keysPath);
		expect(lines.map(line => line?.rotated ?? null)).toEqual([a, null, c]);
		expect(await leaks(setup, [first, again], lines.map(line => line?.key ?? ''))).toEqual([]);
	});
});

describe('a journal that counts a key as stored whose record cannot be read (written onto a cut line by an earlier version)', () => {
	it('does not delete the old token: it says the key is lost and what to revoke', async () => {
		const disk = fullDisk();
		const failing = {on: true};
		const setup = await setUp('mist', async exchange => (failing.on ? failDeleteOf(idOf(setup.refs[0] ?? ''), onMint(() => undefined)) : onMint(() => undefined))(exchange), 1);
		const [a = ''] = setup.refs;
		const keysPath = join(setup.directory, 'keys.jsonl');
		const first = rotate(setup, [a], disk);
		expect(await first.done).toBe(1);
		expect(first.stdout()).toContain('but the old token still works');
		const [record] = await secretLines(keysPath);
		const newId = idOf(record?.ref ?? '');
		// What an earlier version left: a record cut short, and the next record written onto its end.
		const text = await readFile(keysPath, 'utf8');
		await writeFile(keysPath, `{"ref":"mist:${a.split(':')[1] ?? ''}:0000","rotated":"mist:x:y","name":"z","key":"AB${text}`);

		failing.on = false;
		const again = rotate(setup, [a], disk);
		expect(await again.done).toBe(1);
		expect(again.stdout()).toContain(`FAILED  ${a}: not rotated again, because ${keysPath} holds no readable record of its new key (token ${newId}): that key is lost, so the old token was not deleted and works as before. Revoke the new token (tokenkit revoke mist:${a.split(':')[1] ?? ''}:${newId}), then rotate it again with a new --secret-out file`);
		expect((await vendorTokens(setup)).map(token => token.id)).toEqual(expect.arrayContaining([idOf(a), newId]));
		expect(await leaks(setup, [first, again], [record?.key ?? ''])).toEqual([]);
	});
});

describe('a LaunchDarkly reset whose disk fills up part-way through the new key', () => {
	it('says the key is lost and to reset again; the file stays whole; the other REF is not started', async () => {
		const disk = fullDisk();
		const setup = await setUp('launchdarkly', onMint(() => {
			disk.fill(25);
		}), 2);
		const [a = '', b = ''] = setup.refs;
		const run = startCli(['rotate', a, b, '--secret-out', 'keys.jsonl', '--grace', '1h', '--yes'], {env: setup.env, cwd: setup.directory, disk});
		expect(await run.done).toBe(1);
		expect(run.stdout()).toMatch(new RegExp(`FAILED  ${a}: keys\\.jsonl could not be written \\(ENOSPC: no space left on device, after 25 of the line's \\d+ bytes, which were cut off again\\); nothing of the line is left in it\\. The old key works for 1h after the reset; rotate again to get a key you can keep`));
		expect(run.stdout()).toContain(`FAILED  ${b}: not rotated, because its start could not be recorded`);
		expect(await readFile(join(setup.directory, 'keys.jsonl'), 'utf8')).toBe('');
		expect(mints(setup)).toBe(1);
		expect(await leaks(setup, [run], [])).toEqual([]);
	});
});

describe('a disk too full for the journal\'s first line', () => {
	it('changes nothing and leaves no file behind, so the same command works once there is room', async () => {
		const disk = fullDisk(0);
		const setup = await setUp('mist', onMint(() => undefined), 1);
		const run = rotate(setup, setup.refs, disk);
		expect(await run.done).toBe(1);
		expect(run.stderr()).toContain(`--secret-out ${join(setup.directory, 'keys.jsonl')}: keys.jsonl.journal could not be written (ENOSPC: no space left on device); nothing of the line is left in it; no token was changed and no file was left behind`);
		expect((await readdir(setup.directory)).sort()).toEqual(['tokenkit.yaml']);
		expect(mints(setup)).toBe(0);

		disk.free();
		const again = rotate(setup, setup.refs, disk);
		expect(await again.done, again.stdout()).toBe(0);
	});
});

/*
The same on a real full disk: a 64 KiB tmpfs, the built CLI in its own process. A tmpfs hands out space a page
(4 KiB) at a time, so the secret file is brought to just short of a page boundary (a first token with a long
name), the create of the second token is held at the proxy while the test fills every free page, and then let
through: the second key's line runs over the boundary, the kernel takes the bytes up to it, and the next write
gets ENOSPC, the way a disk fills up part-way through a record.
*/
describe('on a real tmpfs that fills up (needs root, or a container that allows mount)', () => {
	const disk: {directory: string; mounted: boolean; reason: string} = {directory: '', mounted: false, reason: ''};
	beforeAll(async () => {
		disk.directory = await mkdtemp(join(tmpdir(), 'tokenkit-tmpfs-'));
		try {
			await run('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', disk.directory]);
			disk.mounted = true;
		} catch (error) {
			const said = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : String(error);
			disk.reason = `mounting a tmpfs is not permitted here (${said})`;
		}
	});
	afterAll(async () => {
		if (disk.mounted) {
			await run('umount', [disk.directory]);
		}

		await rm(disk.directory, {recursive: true, force: true});
	});

	it('fails the REF whose key did not fit, keeps the file whole and the old token alive, and the rerun finishes it', async context => {
		if (!disk.mounted) {
			context.skip(disk.reason);
		}

		const rig = await startRig();
		const orgId = rig.simulators.get('mist').configEntries().find(entry => entry.name === mistAccount)?.orgId ?? '';
		const privileges = [{role: 'admin', scope: 'org', resource: orgId}];
		const probe = await rig.mint(mistAccount, {name: 'probe', privileges});
		const ref = (id: string): string => `mist:${mistAccount}:${id}`;
		// The first key's line ends 60 bytes short of the page: {"ref":…,"rotated":…,"name":…,"key":…}\n.
		const overhead = JSON.stringify({ref: ref(probe.token.id), rotated: ref(probe.token.id), name: '', key: probe.secret.reveal()}).length + 1;
		const first = await rig.mint(mistAccount, {name: 'x'.repeat(4096 - 60 - overhead), privileges});
		const second = await rig.mint(mistAccount, {name: 'tmpfs-second', privileges});
		const [a, b] = [ref(first.token.id), ref(second.token.id)];
		const keysPath = join(disk.directory, 'keys.jsonl');
		const argv = ['rotate', a, b, '--secret-out', keysPath, '--yes'];
		let creates = 0;
		rig.setRule(request => (request.method === 'POST' && request.url.endsWith('/apitokens') && ++creates === 2 ? 'hold' : 'forward'));

		const running = rig.start(argv);
		await waitFor(() => rig.heldCount() === 1, 10_000);
		await fillUp(join(disk.directory, 'filler'));
		rig.release();
		const failed = await running.done;
		expect(failed.code, failed.stderr).toBe(1);
		expect(failed.stdout).toMatch(new RegExp(`FAILED  ${b}: keys\\.jsonl could not be written \\(ENOSPC: no space left on device, after \\d+ of the line's \\d+ bytes, which were cut off again\\); nothing of the line is left in it\\. The new key could not be stored, so the new token \\S+ was deleted again; the old key works as before`));
		const lines = await secretLines(keysPath);
		expect(lines.map(line => line?.rotated)).toEqual([a]);
		// The outcome fit in the journal's last page, so the rerun knows the twin is gone and may rotate again.
		expect(await journalSteps(`${keysPath}.journal`)).toEqual(['header', 'started', 'minted', 'rotated', 'started', 'failed']);
		const tokens = await rig.mistTokens();
		expect(tokens.map(token => token.id)).not.toContain(first.token.id);
		expect(tokens.filter(token => token.name === 'tmpfs-second').map(token => token.id)).toEqual([second.token.id]);
		expect(await rig.mistKeyStatus(second.secret.reveal())).toBe(200);

		await rm(join(disk.directory, 'filler'));
		rig.setRule(() => 'forward');
		const again = await rig.run(argv);
		expect(again.code, again.stdout).toBe(0);
		expect(again.stdout).toContain(`rotated ${a}: already, by the earlier run`);
		expect(rig.requests('mist').filter(request => request.method === 'POST' && request.url.endsWith('/apitokens'))).toHaveLength(3);
		const after = await secretLines(keysPath);
		expect(after.map(line => line?.rotated)).toEqual([a, b]);
		expect(await rig.mistKeyStatus(second.secret.reveal())).toBe(401);
		expect(await rig.mistKeyStatus(after[1]?.key ?? '')).toBe(200);
		const journal = await readFile(`${keysPath}.journal`, 'utf8');
		const keys = [first.secret.reveal(), second.secret.reveal(), probe.secret.reveal(), ...after.map(line => line?.key ?? '')];
		expect(findLeaks([failed.stdout, failed.stderr, again.stdout, again.stderr, journal].map((text, index) => ({where: `text ${index}`, text})), keys)).toEqual([]);
	});
});

async function run(command: string, args: readonly string[]): Promise<void> {
	await promisify(execFile)(command, args);
}

/** Writes to `path` until the file system has no page left. */
async function fillUp(path: string): Promise<void> {
	const file = await open(path, 'w');
	try {
		const page = Buffer.alloc(4096);
		for (;;) {
			const {bytesWritten} = await file.write(page);
			if (bytesWritten < page.length) {
				break;
			}
		}
	} catch (error) {
		if (!(error instanceof Error && 'code' in error && error.code === 'ENOSPC')) {
			throw error;
		}
	} finally {
		await file.close();
	}
}
