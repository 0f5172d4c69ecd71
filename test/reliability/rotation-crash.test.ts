import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {journalSteps, ldAccount, leaked, mistAccount, mode, secretLines, useRig, type ProxiedRequest, type Rig} from './rig.js';

/*
Rotation that cannot lose a key, shown with real processes: the built CLI is SIGKILLed by a proxy at the worst
moments of a rotation, then run again with the same arguments, as a person or a CI retry would.
*/

const startRig = useRig();

const deleteOf = (id: string) => (request: ProxiedRequest): boolean => request.method === 'DELETE' && request.url.endsWith(`/apitokens/${id}`);
const isCreate = (request: {method: string; url: string}): boolean => request.method === 'POST' && request.url.endsWith('/apitokens');

/** A Mist token to rotate: org admin, so its key (and its twin's) can list the org's tokens. */
async function mistToken(rig: Rig, name: string) {
	const orgId = rig.simulators.get('mist').configEntries().find(entry => entry.name === mistAccount)?.orgId ?? '';
	const old = await rig.mint(mistAccount, {name, privileges: [{role: 'admin', scope: 'org', resource: orgId}]});
	return {old, ref: `mist:${mistAccount}:${old.token.id}`, argv: ['rotate', `mist:${mistAccount}:${old.token.id}`, '--secret-out', 'keys.jsonl', '--yes']};
}

describe('a Mist replace killed after the new key was stored, before the old token was deleted', () => {
	it('has the new key on disk, and the same command run again deletes the old token without a second twin', async () => {
		const rig = await startRig();
		const {old, ref, argv} = await mistToken(rig, 'ci-deploy');
		const before = await rig.mistTokens();
		rig.setRule(request => (deleteOf(old.token.id)(request) ? 'kill-before' : 'forward'));

		const killed = await rig.run(argv);
		expect(killed.code).toBeNull();
		const keysPath = join(rig.directory, 'keys.jsonl');
		const [line, ...more] = await secretLines(keysPath);
		expect(more).toEqual([]);
		expect(line).toMatchObject({rotated: ref, name: 'ci-deploy'});
		const newKey = line?.key ?? '';
		const newId = (line?.ref ?? '').split(':')[2] ?? '';
		expect(await mode(keysPath)).toBe(0o600);
		expect(await journalSteps(`${keysPath}.journal`)).toEqual(['header', 'started', 'minted']);
		// Both keys work: the new one is in hand, the old one was never deleted.
		expect(await rig.mistKeyStatus(newKey)).toBe(200);
		expect(await rig.mistKeyStatus(old.secret.reveal())).toBe(200);
		expect((await rig.mistTokens()).map(token => token.id).sort()).toEqual([...before.map(token => token.id), newId].sort());
		const keysBefore = await readFile(keysPath, 'utf8');
		const postsBefore = rig.requests('mist').filter(request => isCreate(request)).length;
		expect(postsBefore).toBe(1);

		rig.setRule(() => 'forward');
		const again = await rig.run(argv);
		expect(again.code, again.stderr).toBe(0);
		expect(again.stdout).toContain('Finishing the rotation recorded in');
		expect(again.stdout).toContain(`rotated ${ref}: finished: its new key was already stored (token ${newId}), and the old token is now deleted`);
		// The crash left its lock behind; the rerun takes it over and says so.
		expect(again.stderr).toMatch(/tokenkit: warning: took over .*keys\.jsonl\.journal\.lock, left by pid \d+ .*no longer running/);

		expect(rig.requests('mist').filter(request => isCreate(request))).toHaveLength(1);
		const after = await rig.mistTokens();
		expect(after.map(token => token.id).sort()).toEqual([...before.map(token => token.id).filter(id => id !== old.token.id), newId].sort());
		expect(await rig.mistKeyStatus(old.secret.reveal())).toBe(401);
		expect(await rig.mistKeyStatus(newKey)).toBe(200);
		// On a resume the secret file is opened to add to, and nothing needed adding: it is as the crash left it.
		expect(await readFile(keysPath, 'utf8')).toBe(keysBefore);
		expect(await mode(keysPath)).toBe(0o600);
		expect(await journalSteps(`${keysPath}.journal`)).toEqual(['header', 'started', 'minted', 'revoked-old']);
		expect(leaked([killed.stdout, killed.stderr, again.stdout, again.stderr, await readFile(`${keysPath}.journal`, 'utf8')], [newKey, old.secret.reveal()])).toEqual([]);
	});

	it('counts a delete whose answer was lost as done on the rerun: the old token is gone either way', async () => {
		const rig = await startRig();
		const {old, ref, argv} = await mistToken(rig, 'answer-lost');
		rig.setRule(request => (deleteOf(old.token.id)(request) ? 'kill-after' : 'forward'));
		expect((await rig.run(argv)).code).toBeNull();
		expect(await journalSteps(join(rig.directory, 'keys.jsonl.journal'))).toEqual(['header', 'started', 'minted']);
		expect(await rig.mistKeyStatus(old.secret.reveal())).toBe(401);

		rig.setRule(() => 'forward');
		const again = await rig.run(argv);
		expect(again.code, again.stdout).toBe(0);
		expect(again.stdout).toMatch(new RegExp(`rotated ${ref}: finished: its new key was already stored \\(token \\S+\\); the old token was already gone`));
		expect(rig.requests('mist').filter(request => isCreate(request))).toHaveLength(1);
		expect(await journalSteps(join(rig.directory, 'keys.jsonl.journal'))).toEqual(['header', 'started', 'minted', 'revoked-old']);
	});
});

describe('a Mist replace whose delete keeps failing while the process lives', () => {
	it('says the old token is live and gives the exact revoke command, exit 1; the rerun finishes it', async () => {
		const rig = await startRig();
		const {old, ref, argv} = await mistToken(rig, 'nightly');
		rig.setRule(request => (deleteOf(old.token.id)(request) ? 'fail' : 'forward'));

		const failed = await rig.run(argv);
		expect(failed.code).toBe(1);
		expect(rig.requests('mist').filter(request => deleteOf(old.token.id)({vendor: 'mist', ...request}))).toHaveLength(5);
		const [line] = await secretLines(join(rig.directory, 'keys.jsonl'));
		const newId = (line?.ref ?? '').split(':')[2] ?? '';
		expect(failed.stdout).toContain(`FAILED  ${ref}: `);
		expect(failed.stdout).toContain(`The new key is stored (token ${newId}), but the old token still works: finish with: tokenkit revoke ${ref}`);
		expect(failed.stdout).toMatch(/^0 rotated, 1 failed\./m);
		expect(await rig.mistKeyStatus(old.secret.reveal())).toBe(200);
		expect(await rig.mistKeyStatus(line?.key ?? '')).toBe(200);
		expect((await journalSteps(join(rig.directory, 'keys.jsonl.journal'))).at(-1)).toBe('failed');
		expect(await readFile(join(rig.directory, 'keys.jsonl.journal'), 'utf8')).toContain('"state":"old-live"');

		rig.setRule(() => 'forward');
		const again = await rig.run(argv);
		expect(again.code, again.stdout).toBe(0);
		expect(again.stdout).toContain(`rotated ${ref}: finished: its new key was already stored (token ${newId}), and the old token is now deleted`);
		// A clean exit left no lock to take over.
		expect(again.stderr).not.toContain('took over');
		expect(rig.requests('mist').filter(request => isCreate(request))).toHaveLength(1);
		expect(await rig.mistKeyStatus(old.secret.reveal())).toBe(401);
		expect((await rig.mistTokens()).map(token => token.id)).toContain(newId);
	});
});

describe('a write whose answer the killed CLI never heard', () => {
	it('Mist: a twin created but not stored is not minted again; the rerun says which tokens to look for', async () => {
		const rig = await startRig();
		const {old, ref, argv} = await mistToken(rig, 'lost-twin');
		const before = await rig.mistTokens();
		rig.setRule(request => (isCreate(request) ? 'kill-after' : 'forward'));

		expect((await rig.run(argv)).code).toBeNull();
		expect(await readFile(join(rig.directory, 'keys.jsonl'), 'utf8')).toBe('');
		expect(await journalSteps(join(rig.directory, 'keys.jsonl.journal'))).toEqual(['header', 'started']);
		const orphans = (await rig.mistTokens()).filter(token => !before.some(known => known.id === token.id));
		expect(orphans.map(token => token.name)).toEqual(['lost-twin']);

		rig.setRule(() => 'forward');
		const sent = rig.requests('mist').length;
		const again = await rig.run(argv);
		expect(again.code).toBe(1);
		expect(again.stdout).toMatch(new RegExp(`FAILED  ${ref}: not rotated again, because a replace started at \\S+Z and its outcome was never recorded`));
		expect(again.stdout).toContain('the vendor may have created a new token named "lost-twin" whose key was never stored; the old token was not touched and works as before');
		expect(again.stdout).toMatch(new RegExp(`Check: list the tokens of account ${mistAccount} and revoke any named "lost-twin" created since \\S+Z other than ${old.token.id}; then rotate it with a new --secret-out file`));
		// Nothing was sent: no read, and above all no second create.
		expect(rig.requests('mist')).toHaveLength(sent);
		expect((await rig.mistTokens()).length).toBe(before.length + 1);
		expect(await rig.mistKeyStatus(old.secret.reveal())).toBe(200);
		expect(await readFile(join(rig.directory, 'keys.jsonl'), 'utf8')).toBe('');
	});

	it('LaunchDarkly: a reset the vendor applied is not reset again; the rerun says to check the old key', async () => {
		const rig = await startRig();
		const old = await rig.mint(ldAccount, {name: 'flag-sync', kind: 'service', privileges: [{role: 'reader', scope: 'account', resource: null}]});
		const ref = `launchdarkly:${ldAccount}:${old.token.id}`;
		const argv = ['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'];
		const isReset = (request: ProxiedRequest): boolean => request.method === 'POST' && request.url.includes(`/tokens/${old.token.id}/reset`);
		rig.setRule(request => (isReset(request) ? 'kill-after' : 'forward'));

		expect((await rig.run(argv)).code).toBeNull();
		expect(await journalSteps(join(rig.directory, 'keys.jsonl.journal'))).toEqual(['header', 'started']);
		// The vendor did reset it: without a grace period the old key stopped, and the new one reached no one.
		expect(await rig.launchDarklyKeyStatus(old.secret.reveal())).toBe(401);

		rig.setRule(() => 'forward');
		const again = await rig.run(argv);
		expect(again.code).toBe(1);
		expect(again.stdout).toMatch(new RegExp(`FAILED  ${ref}: not rotated again, because a reset started at \\S+Z and its outcome was never recorded`));
		expect(again.stdout).toContain('the vendor may have reset the key without the new one being stored. Check whether the old key still works; if it does not, the new key is lost: rotate it with a new --secret-out file');
		expect(rig.requests('launchdarkly').filter(request => isReset({vendor: 'launchdarkly', ...request}))).toHaveLength(1);
	});
});
