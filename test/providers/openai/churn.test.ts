import {describe, expect, it} from 'vitest';
import {createRandom} from '../../../src/simulate/random.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {churnRounds} from '../../support/churn-rounds.js';
import {collect} from '../../support/collect.js';
import {org, useOpenAI} from './support.js';

const start = useOpenAI();
const other = 'openai-org-2';

describe('churn in the OpenAI simulator', () => {
	it('makes and deletes keys and removes a reader from the caller\'s organization as its report says, sparing its credential and owners', async () => {
		const openai = await start({accounts: 2, tokens: 30});
		const {simulator} = openai;
		const request: SimRequest = {method: 'GET', path: '/v1/organization/admin_api_keys', query: new URLSearchParams(), headers: {authorization: `Bearer ${simulator.keyFor(other)}`}, body: undefined, bodyInvalid: false, remoteAddress: '127.0.0.1'};
		const untouched = {users: simulator.users(org), adminKeys: simulator.adminKeys(org)};
		const owners = simulator.users(other).filter(user => user.role === 'owner');
		const random = createRandom(5);
		const provider = openai.provider({apiKey: simulator.keyFor(other), account: other});

		const churn = (): void => {
			simulator.churn(request, random);
		};
		const rounds = await churnRounds(simulator, {account: other, rounds: 8, churn, list: async () => collect(provider.list())});

		const users = simulator.users(other);
		for (const {before, after, report} of rounds) {
			// A user's project key, made by a reader who joined for it.
			const made = after.get(report.created[0] ?? '');
			expect([made?.kind, made?.owner?.status]).toEqual(['personal', 'present']);
			expect(users.find(user => user.id === made?.owner?.id)).toMatchObject({role: 'reader'});
			// Whoever left, every key of theirs still listed says so, and no other key does.
			expect(report.changed.length).toBeGreaterThan(0);
			const leaver = after.get(report.changed[0]?.id ?? '')?.owner?.id;
			expect(users.find(user => user.id === leaver)).toMatchObject({role: 'reader', inOrg: false});
			expect(report.changed.every(change => change.change === 'owner-gone' && before.get(change.id)?.owner?.status === 'present')).toBe(true);
			expect([...after.values()].filter(token => token.owner?.id === leaver && token.owner?.status === 'gone').map(token => token.id).sort()).toEqual(report.changed.map(change => change.id).sort());
		}

		// Admin keys are among what it deletes (with this seed), never the credential, which still lists all of the above.
		expect(rounds.flatMap(round => round.report.removed).some(id => !id.includes('/'))).toBe(true);
		expect(rounds.at(-1)?.after.has(simulator.credentialIdFor(other))).toBe(true);
		expect(users.filter(user => user.role === 'owner')).toEqual(owners);
		expect({users: simulator.users(org), adminKeys: simulator.adminKeys(org)}).toEqual(untouched);
	});
});
