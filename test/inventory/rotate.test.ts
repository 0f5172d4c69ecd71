import {afterEach, describe, expect, it} from 'vitest';
import {createLaunchDarklyProvider} from '../../providers/launchdarkly/index.js';
import {createLaunchDarklySimulator} from '../../providers/launchdarkly/simulator.js';
import {createMistProvider} from '../../providers/mist/index.js';
import {createMistSimulator} from '../../providers/mist/simulator.js';
import {createOpalProvider} from '../../providers/opal/index.js';
import {createOpalSimulator} from '../../providers/opal/simulator.js';
import {ConfigError, NetworkError, NotFoundError, ServerError} from '../../src/errors/index.js';
import {applyRotation, type RotationEvent} from '../../src/inventory/rotate/apply.js';
import {describeOutcome, describePlanned} from '../../src/inventory/rotate/describe.js';
import {formatDuration, maxGracePeriodMs, parseDuration} from '../../src/inventory/rotate/duration.js';
import {journalHeader, journalLine, parseJournal, resumeProgress} from '../../src/inventory/rotate/journal.js';
import {matchRefs} from '../../src/inventory/rotate/match.js';
import type {RotationOutcome} from '../../src/inventory/rotate/outcome.js';
import {planRotation} from '../../src/inventory/rotate/plan.js';
import {formatRef, parseRef} from '../../src/inventory/rotate/ref.js';
import {revokeTokens} from '../../src/inventory/rotate/revoke.js';
import {secretRecord} from '../../src/inventory/rotate/secret-record.js';
import type {FetchFunction} from '../../src/http/proxy.js';
import {paginateNone} from '../../src/paginate.js';
import {createRedactor} from '../../src/redaction/redactor.js';
import type {Capabilities, MintedToken, TokenProvider} from '../../src/provider.js';
import {rotateByReplace} from '../../src/rotation/replace.js';
import {replaceStrategy, resetStrategy} from '../../src/rotation/strategy.js';
import {Secret} from '../../src/secret.js';
import {startSimulatorServer, type RunningSimulatorServer} from '../../src/simulate/server.js';
import type {Token} from '../../src/token.js';

const servers: RunningSimulatorServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
});

describe('parseRef', () => {
	it.each([
		['mist:mist-hq:6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', {provider: 'mist', account: 'mist-hq', id: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'}],
		['launchdarkly:ld prod:5f0c1e', {provider: 'launchdarkly', account: 'ld prod', id: '5f0c1e'}],
		// Only the first two colons split: an id may hold colons, an account label may not.
		['opal:opal-org-1:urn:token:42', {provider: 'opal', account: 'opal-org-1', id: 'urn:token:42'}],
	])('reads %s', (text, ref) => {
		expect(parseRef(text)).toEqual(ref);
		expect(formatRef(parseRef(text))).toBe(text);
	});

	it.each([
		['mist', /is not a token REF; write provider:account:id/],
		['mist:mist-hq', /is not a token REF; write provider:account:id/],
		[':mist-hq:1', /the provider is empty/],
		['mist::1', /the account is empty/],
		['mist:mist-hq:', /the id is empty/],
		['mist:mist-hq: 1', /the id has surrounding spaces or control characters/],
		['mist:mist\u001B[2J:1', /the account has surrounding spaces or control characters/],
	])('refuses %j with a ConfigError that says what is wrong', (text, message) => {
		expect(() => parseRef(text)).toThrow(ConfigError);
		expect(() => parseRef(text)).toThrow(message);
	});

	it('never echoes a control character back to the terminal', () => {
		expect(() => parseRef('mist\u001B[2J')).toThrow(/mist\\u001b\[2J/);
	});
});

describe('parseDuration', () => {
	it.each([
		['0', 0],
		['45s', 45_000],
		['30m', 1_800_000],
		['12h', 43_200_000],
		['7d', 604_800_000],
		['90d', maxGracePeriodMs],
		['0m', 0],
	])('reads %s as %i ms', (text, ms) => {
		expect(parseDuration(text)).toBe(ms);
	});

	it.each(['', '30', '1.5h', '-1h', '30 m', ' 30m', '1w', '12H', '01h', '1e3m', 'h', '10m30s', 'Infinityd', '0x10m'])('refuses %j', text => {
		expect(() => parseDuration(text, '--grace')).toThrow(/--grace ".*" is not a duration; write a whole number and a unit/);
	});

	it('refuses an absurd grace period, naming the longest allowed', () => {
		expect(() => parseDuration('91d', '--grace')).toThrow(/longer than 90d, the longest an old key may stay valid/);
		expect(() => parseDuration('9999999h')).toThrow(/longer than 90d/);
	});

	it.each([[0, '0'], [45_000, '45s'], [1_800_000, '30m'], [5_400_000, '90m'], [43_200_000, '12h'], [604_800_000, '7d'], [1500, '2s']])('formats %i ms as %s', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});
});

/** A provider that does only what a test gives it; every other call fails the test. */
function fakeProvider(parts: Partial<TokenProvider> & {readonly rotation?: Capabilities['rotation']}): TokenProvider {
	const rotation = parts.rotation === undefined ? replaceStrategy() : parts.rotation;
	const refuse = async (): Promise<never> => Promise.reject(new Error('not expected in this test'));
	return {
		provider: 'fake',
		account: 'acme',
		capabilities: {
			operations: {list: true, get: true, create: true, update: true, delete: true, rotate: rotation !== null},
			pagination: 'none',
			rotation,
			maxPageSize: null,
			fields: {expiry: false, lastUsed: false, ipAllowList: false, description: false, owner: false},
		},
		// Lists nothing: these tests name their tokens.
		list: () => paginateNone(async () => Promise.resolve<Token[]>([])),
		get: async id => Promise.resolve(token(id)),
		create: refuse,
		update: refuse,
		delete: refuse,
		rotate: refuse,
		...parts,
	};
}

function token(id: string, name = `token ${id}`): Token {
	return {
		provider: 'fake',
		account: 'acme',
		id,
		name,
		description: null,
		kind: 'org',
		status: 'active',
		ownCredential: false,
		owner: null,
		createdBy: null,
		createdAt: null,
		lastUsedAt: null,
		expiresAt: null,
		privileges: [],
		admin: false,
		allowedIps: [],
		secretHint: null,
		raw: {},
	};
}

describe('matchRefs', () => {
	it('pairs each REF with its provider, and refuses unknown accounts, repeats and an empty list before any call', () => {
		const provider = fakeProvider({});
		expect(matchRefs(['fake:acme:1'], [provider])).toEqual([{ref: {provider: 'fake', account: 'acme', id: '1'}, provider}]);
		expect(() => matchRefs(['fake:other:1'], [provider])).toThrow(/fake:other:1: no fake account "other" is configured \(configured: fake:acme\)/);
		expect(() => matchRefs(['mist:acme:1'], [provider])).toThrow(/no mist account "acme"/);
		expect(() => matchRefs(['fake:acme:1', {provider: 'fake', account: 'acme', id: '1'}], [provider])).toThrow(/fake:acme:1 is named twice/);
		expect(() => matchRefs([], [provider])).toThrow(/no token REF given/);
	});
});

describe('planRotation against the simulators', () => {
	async function vendors() {
		const mist = createMistSimulator({accounts: 1, tokens: 8, rateLimit: false});
		const ld = createLaunchDarklySimulator({accounts: 1, tokens: 8, rateLimit: false});
		const opal = createOpalSimulator({accounts: 1, tokens: 8, rateLimit: false});
		const [mistServer, ldServer, opalServer] = await Promise.all([startSimulatorServer(mist), startSimulatorServer(ld), startSimulatorServer(opal)]);
		servers.push(mistServer, ldServer, opalServer);
		const providers = [
			createMistProvider({apiKey: mist.keyFor('mist-org-1'), baseUrl: mistServer.baseUrl, orgId: mist.orgId('mist-org-1'), account: 'mist-org-1'}),
			createLaunchDarklyProvider({apiKey: ld.keyFor('launchdarkly-account-1'), baseUrl: ldServer.baseUrl, account: 'launchdarkly-account-1'}),
			createOpalProvider({apiKey: opal.keyFor('opal-org-1', 'admin'), baseUrl: opalServer.baseUrl, account: 'opal-org-1'}),
		];
		const mistToken = mist.tokens('mist-org-1').find(candidate => !candidate.name.startsWith('tokenkit-'));
		const ldToken = ld.tokens('launchdarkly-account-1').find(candidate => candidate.name?.startsWith('tokenkit-') === false);
		const opalToken = opal.tokens('opal-org-1').at(-1);
		const refs = [`mist:mist-org-1:${mistToken?.id ?? ''}`, `launchdarkly:launchdarkly-account-1:${ldToken?._id ?? ''}`, `opal:opal-org-1:${opalToken?.token_id ?? ''}`];
		// Everything but the record of use, which every authenticated read updates.
		const snapshot = () => JSON.stringify(
			[mist.tokens('mist-org-1'), ld.tokens('launchdarkly-account-1'), opal.tokens('opal-org-1'), mist.allSecrets(), ld.allSecrets(), opal.allSecrets()],
			(key, value: unknown) => (['last_used', 'lastUsed', 'last_used_at'].includes(key) ? undefined : value),
		);
		return {providers, refs, snapshot, names: [mistToken?.name, ldToken?.name, opalToken?.token_label]};
	}

	it('says per vendor what rotation does to each token and its old key, reading only', async () => {
		const {providers, refs, snapshot, names} = await vendors();
		const before = snapshot();

		const immediate = await planRotation(refs, providers);
		expect(immediate.items.map(item => (item.action === 'rotate' ? item.strategy.name : item.action))).toEqual(['replace', 'reset', 'unsupported']);
		expect(immediate.items.map(item => (item.action === 'unavailable' ? null : item.token?.name))).toEqual(names);
		expect(immediate.items.map(item => ('previous' in item ? item.previous : null))).toEqual([{state: 'revoked-after-store'}, {state: 'revoked-at-reset'}, null]);

		const graceful = await planRotation(refs, providers, {gracePeriod: 43_200_000});
		expect(graceful.items.map(item => ('previous' in item ? item.previous : null))).toEqual([
			{state: 'pending-revocation', gracePeriod: 43_200_000},
			{state: 'valid-until', gracePeriod: 43_200_000},
			null,
		]);
		const [mistItem, ldItem, opalItem] = graceful.items.map(item => describePlanned(item));
		expect(mistItem).toMatch(/^replace: a new token with the same name, privileges and IP allow-list .*; the old token keeps working until it is revoked, due 12h later with: tokenkit revoke mist:mist-org-1:/);
		expect(ldItem).toMatch(/^reset: .*the old key keeps working for 12h after the reset, then stops by itself$/);
		// Opal's own words: where to mint the key, and the revoke command that finishes the job.
		expect(opalItem).toMatch(/^unsupported: Opal mints keys only in its web UI.*tokenkit revoke opal:opal-org-1:/);
		expect(describePlanned(must(immediate.items[1]))).toMatch(/the old key stops in the reset itself, before tokenkit can store the new one/);

		// A plan is reads only: no token, key or setting changed at any vendor.
		expect(snapshot()).toBe(before);
	});

	it('marks a token that cannot be read as unavailable, and refuses a bad grace period', async () => {
		const {providers} = await vendors();
		const plan = await planRotation(['mist:mist-org-1:00000000-0000-4000-8000-000000000000'], providers);
		expect(plan.items[0]).toMatchObject({action: 'unavailable'});
		expect(plan.items[0]?.action === 'unavailable' ? plan.items[0].error : null).toBeInstanceOf(NotFoundError);
		await expect(planRotation(['mist:mist-org-1:x'], providers, {gracePeriod: -1})).rejects.toThrow(/gracePeriod must be a whole number of milliseconds/);
	});
});

/** The value, or a failed test when there is none. */
function must<T>(value: T | undefined): T {
	if (value === undefined) {
		throw new Error('expected a value');
	}

	return value;
}

/** A replace provider built on the real replace algorithm, with steps a test can break. */
function replaceProvider(steps: {revoke?: (id: string) => Promise<void>; create?: () => Promise<MintedToken>; del?: (id: string) => Promise<void>}, log: string[]): TokenProvider {
	let minted = 0;
	return fakeProvider({
		async rotate(id, options = {}) {
			return rotateByReplace(id, options, {
				read: async tokenId => Promise.resolve(token(tokenId, 'ci')),
				createTwin: steps.create ?? (async () => {
					minted++;
					log.push(`create twin-${minted}`);
					return Promise.resolve({token: token(`twin-${minted}`, 'ci'), secret: new Secret(`KEY-${minted}`)});
				}),
				revoke: steps.revoke ?? (async tokenId => {
					log.push(`revoke ${tokenId}`);
					return Promise.resolve();
				}),
				now: () => 0,
				context: {provider: 'fake', account: 'acme'},
			});
		},
		delete: steps.del ?? (async id => {
			log.push(`delete ${id}`);
			return Promise.resolve();
		}),
	});
}

async function run(provider: TokenProvider, ids: readonly string[], sink: (minted: MintedToken) => Promise<void>, gracePeriod = 0, events: RotationEvent[] = []): Promise<RotationOutcome[]> {
	const plan = await planRotation(ids.map(id => `fake:acme:${id}`), [provider], {gracePeriod});
	return applyRotation(plan, {
		onMinted: sink,
		onEvent(event) {
			events.push(event);
		},
	});
}

describe('applyRotation', () => {
	it('stores each new key before its old token is revoked, records each step, and carries no key in events', async () => {
		const log: string[] = [];
		const events: RotationEvent[] = [];
		const outcomes = await run(replaceProvider({}, log), ['a', 'b'], async minted => {
			log.push(`store ${minted.token.id}`);
			return Promise.resolve();
		}, 0, events);

		expect(log).toEqual(['create twin-1', 'store twin-1', 'revoke a', 'create twin-2', 'store twin-2', 'revoke b']);
		expect(outcomes.map(outcome => outcome.status)).toEqual(['rotated', 'rotated']);
		expect(outcomes[0]).toMatchObject({newRef: {provider: 'fake', account: 'acme', id: 'twin-1'}, previous: {state: 'revoked'}});
		expect(events.map(event => event.type)).toEqual(['started', 'minted', 'finished', 'started', 'minted', 'finished']);
		const journal = events.map(event => journalLine(event, createRedactor())).join('');
		expect(journal).not.toMatch(/KEY-/);
		expect(describeOutcome(must(outcomes[0]))).toBe('new token twin-1 holds the new key, which is stored; the old token is deleted');
	});

	it('leaves the old token for the caller with a grace period, and says which command finishes it', async () => {
		const log: string[] = [];
		const [outcome] = await run(replaceProvider({}, log), ['a'], async () => Promise.resolve(), 3_600_000);
		expect(log).toEqual(['create twin-1']);
		expect(outcome).toMatchObject({status: 'rotated', previous: {state: 'pending-revocation', tokenId: 'a'}});
		expect(describeOutcome(must(outcome), ref => `finish ${formatRef(ref)}`)).toMatch(/the old token still works\. After .*, finish with: finish fake:acme:a$/);
	});

	it('deletes a twin whose key could not be stored, leaves the old token, and carries on with the next REF', async () => {
		const log: string[] = [];
		let calls = 0;
		const outcomes = await run(replaceProvider({}, log), ['a', 'b'], async minted => {
			calls++;
			if (calls === 1) {
				throw new Error('disk full');
			}

			log.push(`store ${minted.token.id}`);
			return Promise.resolve();
		});
		expect(log).toEqual(['create twin-1', 'delete twin-1', 'create twin-2', 'store twin-2', 'revoke b']);
		expect(outcomes[0]).toMatchObject({status: 'failed', state: 'discarded', minted: {id: 'twin-1'}});
		expect(describeOutcome(must(outcomes[0]))).toMatch(/The new key could not be stored, so the new token twin-1 was deleted again; the old key works as before/);
		expect(outcomes[1]).toMatchObject({status: 'rotated'});
	});

	it('names an orphaned twin when deleting it fails too', async () => {
		const log: string[] = [];
		const provider = replaceProvider({del: async () => Promise.reject(new Error('vendor down'))}, log);
		const [outcome] = await run(provider, ['a'], async () => Promise.reject(new Error('disk full')));
		expect(outcome).toMatchObject({status: 'failed', state: 'orphaned'});
		expect(describeOutcome(must(outcome))).toMatch(/The new token twin-1 is live but its key was not stored: revoke it with: tokenkit revoke fake:acme:twin-1/);
	});

	it('reports a stored key whose old token could not be deleted as old-live, with the command that finishes it', async () => {
		const log: string[] = [];
		const provider = replaceProvider({revoke: async () => Promise.reject(new ServerError({provider: 'fake', status: 503, method: 'DELETE', path: '/t/a'}))}, log);
		const [outcome] = await run(provider, ['a'], async () => Promise.resolve());
		expect(outcome).toMatchObject({status: 'failed', state: 'old-live', minted: {id: 'twin-1'}});
		expect(describeOutcome(must(outcome))).toMatch(/The new key is stored \(token twin-1\), but the old token still works: finish with: tokenkit revoke fake:acme:a$/);
	});

	it.each([
		['a lost answer to the create', 'uncertain', new NetworkError({provider: 'fake', method: 'POST', path: '/t', reason: 'connection reset', notSent: false})],
		['a 5xx on the create', 'uncertain', new ServerError({provider: 'fake', status: 500, method: 'POST', path: '/t'})],
		['a create that never left', 'unchanged', new NetworkError({provider: 'fake', method: 'POST', path: '/t', reason: 'connection refused', notSent: true})],
		['a refused create', 'unchanged', new ServerError({provider: 'fake', status: 422, method: 'POST', path: '/t'})],
		['a failed read', 'unchanged', new NotFoundError({provider: 'fake', status: 404, method: 'GET', path: '/t/a'})],
		['an unknown error', 'uncertain', new TypeError('boom')],
	])('classifies %s, with no key handed over, as %s', async (_label, state, error) => {
		const provider = replaceProvider({create: async () => Promise.reject(error)}, []);
		const [outcome] = await run(provider, ['a'], async () => Promise.resolve());
		expect(outcome).toMatchObject({status: 'failed', state, minted: null});
	});

	it('does not start a rotation whose start cannot be recorded', async () => {
		const log: string[] = [];
		const plan = await planRotation(['fake:acme:a'], [replaceProvider({}, log)]);
		const [outcome] = await applyRotation(plan, {
			onMinted: async () => Promise.resolve(),
			onEvent: event => {
				if (event.type === 'started') {
					throw new Error('journal unwritable');
				}
			},
		});
		expect(log).toEqual([]);
		expect(outcome).toMatchObject({status: 'failed', state: 'unchanged'});
	});

	it('fails an unsupported or unreadable REF without calling rotate, and skips the rest once stopped', async () => {
		const opalLike = fakeProvider({rotation: null, account: 'opal'});
		const broken = fakeProvider({account: 'broken', get: async () => Promise.reject(new NotFoundError({provider: 'fake', status: 404, method: 'GET', path: '/t/x'}))});
		const plan = await planRotation(['fake:opal:1', 'fake:broken:2'], [opalLike, broken]);
		expect(plan.items.map(item => item.action)).toEqual(['unsupported', 'unavailable']);
		const outcomes = await applyRotation(plan, {onMinted: async () => Promise.resolve()});
		expect(outcomes.map(outcome => outcome.status === 'failed' ? outcome.state : outcome.status)).toEqual(['unsupported', 'unchanged']);

		const controller = new AbortController();
		controller.abort();
		const stopped = await applyRotation(plan, {onMinted: async () => Promise.resolve(), signal: controller.signal});
		expect(stopped.map(outcome => outcome.status)).toEqual(['skipped', 'skipped']);
	});
});

describe('applyRotation against a vendor that loses an answer', () => {
	it('reports a LaunchDarkly reset whose answer was lost as uncertain, and the journal keeps a rerun from resetting again', async () => {
		const ld = createLaunchDarklySimulator({accounts: 1, tokens: 3, rateLimit: false});
		const server = await startSimulatorServer(ld);
		servers.push(server);
		// The reset reaches the simulator and is applied; only its answer is cut off on the way back.
		const lossy: FetchFunction = async (input, init) => {
			const request = new Request(input, init);
			const response = await fetch(request);
			if (request.method === 'POST' && request.url.includes('/reset')) {
				await response.arrayBuffer();
				throw new TypeError('fetch failed', {cause: Object.assign(new Error('read ECONNRESET'), {code: 'ECONNRESET'})});
			}

			return response;
		};
		const provider = createLaunchDarklyProvider({apiKey: ld.keyFor('launchdarkly-account-1'), baseUrl: server.baseUrl, account: 'launchdarkly-account-1', fetch: lossy, retry: {baseDelay: 1}});
		const target = ld.tokens('launchdarkly-account-1').find(candidate => candidate.name?.startsWith('tokenkit-') === false);
		const ref = `launchdarkly:launchdarkly-account-1:${target?._id ?? ''}`;
		const keysBefore = ld.allSecrets().length;
		const lines = [journalHeader([ref], 0, new Date())];
		const stored: MintedToken[] = [];

		const [outcome] = await applyRotation(await planRotation([ref], [provider]), {
			onMinted: async minted => {
				stored.push(minted);
				return Promise.resolve();
			},
			onEvent: event => {
				lines.push(journalLine(event, createRedactor()));
			},
		});

		expect(ld.allSecrets()).toHaveLength(keysBefore + 1);
		expect(stored).toEqual([]);
		expect(outcome).toMatchObject({status: 'failed', state: 'uncertain', minted: null});
		expect(describeOutcome(must(outcome))).toMatch(/may have been reset: if so, its new key is lost.*check whether the old key still works before rotating again/);
		expect(resumeProgress(parseJournal(lines.join(''), 'j'), () => resetStrategy()).get(ref)).toMatchObject({kind: 'check'});
	});
});

describe('revokeTokens', () => {
	it('deletes each token, counts one the vendor and its list no longer have as already revoked, and goes on', async () => {
		const deleted: string[] = [];
		const provider = fakeProvider({
			async delete(id) {
				if (id === 'gone') {
					throw new NotFoundError({provider: 'fake', status: 404, method: 'DELETE', path: '/t/gone'});
				}

				deleted.push(id);
				return Promise.resolve();
			},
		});
		const outcomes = await revokeTokens(['fake:acme:a', 'fake:acme:gone', 'fake:acme:b'], [provider]);
		expect(deleted).toEqual(['a', 'b']);
		expect(outcomes.map(outcome => (outcome.status === 'failed' ? outcome.state : outcome.status))).toEqual(['revoked', 'already-revoked', 'revoked']);
		expect(() => matchRefs(['fake:nope:a'], [provider])).toThrow(ConfigError);
		await expect(revokeTokens(['fake:nope:a'], [provider])).rejects.toThrow(/no fake account "nope"/);
	});
});

describe('the journal and the secret record', () => {
	const at = new Date('2025-06-01T00:00:00Z');
	const ref = {provider: 'mist', account: 'hq', id: 'old'};
	const line = (event: RotationEvent): string => journalLine(event, createRedactor());

	it('writes a secret record as one JSON line holding the key, and nothing else does', () => {
		const minted = {token: {...token('new', 'ci'), provider: 'mist', account: 'hq'}, secret: new Secret('THE-KEY')};
		expect(JSON.parse(secretRecord(minted, ref))).toEqual({ref: 'mist:hq:new', rotated: 'mist:hq:old', name: 'ci', key: 'THE-KEY'});
		expect(line({type: 'minted', ref, token: minted.token, at})).not.toContain('THE-KEY');
	});

	it.each([
		['nothing recorded', [], {kind: 'rotate'}],
		['a start without an outcome', ['started'], {kind: 'check'}],
		['a stored key without the delete (replace, no grace)', ['started', 'minted'], {kind: 'revoke-old', newId: 'new'}],
		['a finished rotation', ['started', 'minted', 'rotated'], {kind: 'done', newId: 'new', old: 'revoked'}],
		['a failure that changed nothing', ['started', 'failed:unchanged'], {kind: 'rotate'}],
		['a lost answer', ['started', 'failed:uncertain'], {kind: 'check'}],
	])('resumes after %s', (_label, steps, expected) => {
		const lines = [journalHeader(['mist:hq:old'], 0, at)];
		for (const step of steps) {
			if (step === 'started') {
				lines.push(line({type: 'started', ref, action: 'replace', name: 'ci', at}));
			} else if (step === 'minted') {
				lines.push(line({type: 'minted', ref, token: token('new'), at}));
			} else if (step === 'rotated') {
				lines.push(line({type: 'finished', at, outcome: {status: 'rotated', ref, style: 'replace', strategy: replaceStrategy(), token: token('new'), newRef: {...ref, id: 'new'}, previous: {state: 'revoked'}, warning: null}}));
			} else {
				const state = step === 'failed:unchanged' ? 'unchanged' : 'uncertain';
				lines.push(line({type: 'finished', at, outcome: {status: 'failed', ref, action: 'rotate', strategy: replaceStrategy(), token: null, state, error: new Error('x'), minted: null, gracePeriod: 0, startedAt: at, warning: null}}));
			}
		}

		const progress = resumeProgress(parseJournal(lines.join(''), 'j'), () => replaceStrategy());
		expect(progress.get('mist:hq:old')).toMatchObject(expected);
	});

	it.each([
		['a replace', 'replace', 0, /^a replace started at 2025-06-01T00:00:00\.000Z and its outcome was never recorded: the vendor may have created a new token named "ci" whose key was never stored; the old token was not touched and works as before\. Check: list the tokens of account hq and revoke any named "ci" created since 2025-06-01T00:00:00\.000Z other than old; then rotate it with a new --secret-out file$/],
		['a reset without grace', 'reset', 0, /: the vendor may have reset the key without the new one being stored\. Check whether the old key still works; if it does not, the new key is lost: rotate it with a new --secret-out file$/],
		['a reset with grace', 'reset', 3_600_000, /If it was, the old key keeps working until about 2025-06-01T01:00:00\.000Z; either way, rotate it with a new --secret-out file before then$/],
	] as const)('says what to check after %s whose outcome was never recorded', (_label, action, grace, reason) => {
		const journal = `${journalHeader(['mist:hq:old'], grace, at)}${line({type: 'started', ref, action, name: 'ci', at})}`;
		const progress = resumeProgress(parseJournal(journal, 'j'), () => (action === 'reset' ? resetStrategy() : replaceStrategy())).get('mist:hq:old');
		expect(progress?.kind).toBe('check');
		expect(progress?.kind === 'check' ? progress.reason : '').toMatch(reason);
	});

	it('reads a start recorded without the token\'s name, as journals of earlier versions have it', () => {
		const journal = `${journalHeader(['mist:hq:old'], 0, at)}${JSON.stringify({at: at.toISOString(), ref: 'mist:hq:old', step: 'started', action: 'replace'})}\n`;
		const progress = resumeProgress(parseJournal(journal, 'j'), () => replaceStrategy()).get('mist:hq:old');
		expect(progress?.kind === 'check' ? progress.reason : '').toContain('revoke any with this token\'s name created since');
	});

	it('keeps the records before a line cut short by a crash, and names a broken journal', () => {
		const whole = `${journalHeader(['mist:hq:old'], 0, at)}${line({type: 'started', ref, action: 'replace', name: 'ci', at})}`;
		expect(parseJournal(`${whole}{"at":"2025-06-01T00:00:0`, 'keys.journal').steps).toHaveLength(1);
		expect(() => parseJournal('{"journal":"other"}\n', 'keys.journal')).toThrow(/keys\.journal:1: not a tokenkit rotation journal/);
		expect(() => parseJournal(`${whole}{"step":"weird"}\n`, 'keys.journal')).toThrow(/keys\.journal:3: not a tokenkit journal record/);
	});

	it('skips a line cut short anywhere, reads a record an earlier version wrote onto its end, and never skips a broken one', () => {
		const header = journalHeader(['mist:hq:old'], 0, at);
		const started = line({type: 'started', ref, action: 'replace', name: 'ci', at});
		const minted = line({type: 'minted', ref, token: token('new'), at});
		const cut = minted.slice(0, 40);
		// A resumed run wrote on a new line after the cut one.
		const resumed = parseJournal(`${header}${started}${cut}\n${minted}`, 'keys.journal');
		expect(resumed.cutShort).toEqual([3]);
		expect(resumed.steps.map(step => step.step)).toEqual(['started', 'minted']);
		// The cut `minted` alone: the key was never counted as stored, so the REF is left for a person to check.
		expect(resumeProgress(parseJournal(`${header}${started}${cut}`, 'keys.journal'), () => replaceStrategy()).get('mist:hq:old')).toMatchObject({kind: 'check'});
		// An earlier version wrote the next record onto the cut line: that record still counts.
		const glued = parseJournal(`${header}${started}${cut}${minted}`, 'keys.journal');
		expect(glued.cutShort).toEqual([3]);
		expect(glued.steps.map(step => step.step)).toEqual(['started', 'minted']);
		expect(() => parseJournal(`${header}${started}{"at":"x"}}garbage\n${minted}`, 'keys.journal')).toThrow(/keys\.journal:3: not a tokenkit journal record/);
		expect(() => parseJournal(header.slice(0, 30), 'keys.journal')).toThrow(/keys\.journal:1: the journal's first line is cut short .* changed no token; its secret file holds no key: delete both and run the rotation again/);
	});
});
