import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createGitLabProvider} from '../../providers/gitlab/index.js';
import {RateLimitError} from '../../src/errors/index.js';
import {collect} from '../support/collect.js';
import {filesUnder, findLeaks} from '../support/leak-scan.js';
import {startCli} from '../support/run-cli.js';
import {firstRotateLost, firstRotateThrottled, isRotate} from './modes/gitlab-rotation.js';
import {useHostileVendors, type HostileVendor} from './vendor.js';

const startHostile = useHostileVendors();

const EntrySchema = v.looseObject({name: v.string(), baseUrl: v.string(), apiKey: v.string()});

/** The first GitLab instance behind the hostile server, and a provider that reads it through the hostile server. */
function gitlab(hostile: HostileVendor) {
	const entry = v.parse(EntrySchema, hostile.entries.find(candidate => candidate['provider'] === 'gitlab'));
	return {entry, provider: createGitLabProvider({apiKey: entry.apiKey, baseUrl: entry.baseUrl, account: entry.name, groups: 'all', projects: 'all'})};
}

function rotateRequests(hostile: HostileVendor): number {
	return hostile.server.requests.filter(request => isRotate(request.method, new URL(request.url, 'http://x').pathname)).length;
}

describe('a GitLab rotate whose answer is lost', () => {
	it.each(['502', 'reset'] as const)('after a %s: sent exactly once, reported as unknown with what to check, never repeated by a rerun, and nothing leaks', async how => {
		const hostile = await startHostile({vendor: 'gitlab', mode: firstRotateLost(how), tokens: 12});
		const {entry, provider} = gitlab(hostile);
		const victim = (await collect(provider.list())).find(token => token.kind === 'personal' && token.status === 'active' && !token.ownCredential) ?? expect.fail('no token to rotate');
		const ref = `gitlab:${entry.name}:${victim.id}`;
		const {directory, env} = await hostile.writeConfig();
		const cli = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		expect(await cli.done).toBe(1);
		expect(rotateRequests(hostile)).toBe(1);
		const report = `${cli.stdout()}${cli.stderr()}`;
		expect(report).toContain(`FAILED  ${ref}`);
		expect(report).toContain('GitLab may have rotated it without the answer arriving. Check whether the old key still works');
		expect(report).toContain('Never send a rotate with the old key');
		const journal = await readFile(join(directory, 'keys.jsonl.journal'), 'utf8');
		expect(journal).toContain('"state":"uncertain"');

		// GitLab did rotate: the old token is revoked, and its successor holds a key nobody has.
		expect(await provider.get(victim.id)).toMatchObject({status: 'revoked'});
		const successors = (await collect(provider.list())).filter(token => token.name === victim.name && Number(token.id) > Number(victim.id));
		expect(successors).toHaveLength(1);

		const again = startCli(['rotate', ref, '--secret-out', 'keys.jsonl', '--yes'], {env, cwd: directory});
		await again.done;
		expect(rotateRequests(hostile)).toBe(1);

		const written = await filesUnder(directory, new Set([join(directory, 'keys.jsonl')]));
		const printed = [cli, again].flatMap((run, index) => [{where: `run ${index} stdout`, text: run.stdout()}, {where: `run ${index} stderr`, text: run.stderr()}]);
		expect(findLeaks([...printed, ...written], hostile.secrets())).toEqual([]);
	});
});

describe('a GitLab rotate refused with a 429', () => {
	it('is not sent again, though the retry layer would resend any other request after the wait', async () => {
		const hostile = await startHostile({vendor: 'gitlab', mode: firstRotateThrottled(), tokens: 6, others: false});
		const {provider} = gitlab(hostile);
		const victim = (await collect(provider.list())).find(token => token.kind === 'personal' && token.status === 'active' && !token.ownCredential) ?? expect.fail('no token to rotate');
		const error = await provider.rotate(victim.id).then(() => undefined, (failure: unknown) => failure);
		expect(error).toBeInstanceOf(RateLimitError);
		expect(rotateRequests(hostile)).toBe(1);
		expect(await provider.get(victim.id)).toMatchObject({status: 'active'});
	});
});
