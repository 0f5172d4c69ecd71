import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../src/errors/index.js';
import {describePlanned} from '../../src/inventory/rotate/describe.js';
import {resumeProgress, journalHeader, journalLine, parseJournal} from '../../src/inventory/rotate/journal.js';
import {planRotation} from '../../src/inventory/rotate/plan.js';
import {paginateNone} from '../../src/paginate.js';
import type {TokenProvider} from '../../src/provider.js';
import {defineRotationStrategy, newIdRotateStrategy, sameIdRollStrategy, type RotationStrategy} from '../../src/rotation/strategy.js';
import type {Token} from '../../src/token.js';
import {createRedactor} from '../../src/redaction/redactor.js';

function token(id: string): Token {
	return {
		provider: 'fake', account: 'acme', id, name: 'ci', kind: 'service', status: 'active', ownCredential: false, owner: null, createdBy: null, createdAt: null, expiresAt: null, lastUsedAt: null,
		privileges: [], admin: false, allowedIps: null, description: null, secretHint: null, raw: {},
	};
}

/** A provider whose rotation is `strategy`; it may be read, and any other call is a failure of the test. */
function providerRotating(strategy: RotationStrategy, reads: string[]): TokenProvider {
	const refuse = async (): Promise<never> => Promise.reject(new Error('not expected in this test'));
	return {
		provider: 'fake',
		account: 'acme',
		capabilities: {
			operations: {list: true, get: true, create: false, update: false, delete: true, rotate: true},
			pagination: 'none',
			rotation: strategy,
			maxPageSize: null,
			fields: {expiry: false, lastUsed: false, ipAllowList: false, description: false, owner: false},
		},
		list: () => paginateNone(async () => Promise.resolve<Token[]>([])),
		get(id) {
			reads.push(id);
			return Promise.resolve(token(id));
		},
		create: refuse,
		update: refuse,
		delete: refuse,
		rotate: refuse,
	};
}

describe('a rotation strategy whose vendor revokes the old key at once', () => {
	it.each([
		['a new-id rotate', newIdRotateStrategy()],
		['a same-id roll', sameIdRollStrategy()],
	])('refuses a grace period for %s before any request, naming the REF', async (_label, strategy) => {
		const reads: string[] = [];
		const planning = planRotation(['fake:acme:t1'], [providerRotating(strategy, reads)], {gracePeriod: 3_600_000});

		await expect(planning).rejects.toThrow(ConfigError);
		await expect(planning).rejects.toThrow(/fake:acme:t1: --grace cannot be given: .* revokes the old key at once/);
		expect(reads).toEqual([]);
	});

	it('plans without a grace period, and says the vendor revokes the old key in the rotation itself', async () => {
		const plan = await planRotation(['fake:acme:t1'], [providerRotating(newIdRotateStrategy(), [])]);
		const [item] = plan.items;
		expect(item).toMatchObject({action: 'rotate', previous: {state: 'revoked-at-reset'}});
		expect(item === undefined ? '' : describePlanned(item)).toMatch(/^rotate: the vendor mints a new token for this one.*revokes the old key in the rotate itself/);
	});

	it('resumes a start without an outcome as one to check, and a retry-safe one as one to rotate again', () => {
		const at = new Date('2025-06-01T00:00:00Z');
		const ref = {provider: 'fake', account: 'acme', id: 't1'};
		const journal = parseJournal(`${journalHeader(['fake:acme:t1'], 0, at)}${journalLine({type: 'started', ref, action: 'rotate', name: 'ci', at}, createRedactor())}`, 'j');

		const unsafe = resumeProgress(journal, () => newIdRotateStrategy()).get('fake:acme:t1');
		expect(unsafe?.kind).toBe('check');
		expect(unsafe?.kind === 'check' ? unsafe.reason : '').toMatch(/^a rotate started at .* never recorded: the vendor may have rotated the token into a new one without its key being stored\. Check whether the old key still works/);

		const safe = defineRotationStrategy({name: 'rekey', summary: 'rekey', renews: 'same-id', oldKey: 'vendor-expires', retrySafe: true});
		expect(resumeProgress(journal, () => safe).get('fake:acme:t1')).toEqual({kind: 'rotate'});
	});

	it('lets a vendor override a text and keeps the defaults for the rest', () => {
		const strategy = newIdRotateStrategy({afterCrash: () => 'look in the audit log'});
		expect(strategy.afterCrash({name: 'ci', startedAt: '2025-06-01T00:00:00.000Z', ref: null, gracePeriodMs: 0})).toBe('look in the audit log');
		expect(strategy.noGrace('x:y:z')).toMatch(/^x:y:z: --grace cannot be given/);
	});
});
