import {describe, expect, it} from 'vitest';
import {credentialRoles} from '../../../providers/datadog/simulator/model.js';
import {createRandom} from '../../../src/simulate/random.js';
import type {SimRequest} from '../../../src/simulate/types.js';
import {churnRounds} from '../../support/churn-rounds.js';
import {collect} from '../../support/collect.js';
import {org, useDatadog} from './support.js';

const start = useDatadog();
const other = 'datadog-org-2';

describe('churn in the Datadog simulator', () => {
	it('makes, deletes, renames and widens keys in the caller\'s org as its report says, sparing the simulator\'s keys', async () => {
		const datadog = await start({accounts: 2, tokens: 30});
		const {simulator} = datadog;
		const keys = simulator.keysFor(other);
		const request: SimRequest = {method: 'GET', path: '/api/v2/api_keys', query: new URLSearchParams(), headers: {'dd-api-key': keys.apiKey, 'dd-application-key': keys.applicationKey}, body: undefined, bodyInvalid: false, remoteAddress: '127.0.0.1'};
		const untouched = simulator.keys(org);
		const random = createRandom(5);
		const provider = datadog.provider({...keys, account: other});

		const churn = (): void => {
			simulator.churn(request, random);
		};
		const rounds = await churnRounds(simulator, {account: other, rounds: 12, churn, list: async () => collect(provider.list())});

		const users = simulator.users(other);
		for (const {before, after, report} of rounds) {
			// An application key of the org's admin, reading dashboards only, for a later churn to widen.
			const made = after.get(report.created[0] ?? '');
			expect([made?.id.startsWith('application_keys/'), made?.privileges.map(privilege => privilege.role), made?.owner?.id]).toEqual([true, ['dashboards_read'], simulator.userIdFor(other)]);
			expect(report.changed.map(change => change.change).sort()).toEqual(['renamed', 'widened']);
			for (const {id, change} of report.changed) {
				const was = before.get(id);
				const is = after.get(id);
				if (change === 'renamed') {
					expect(is?.name).toBe(`${was?.name ?? ''}-renamed`);
				} else {
					// Scopes cleared: the key now acts with all of its owner's roles.
					expect(was?.privileges.every(privilege => !privilege.role.endsWith(' Role'))).toBe(true);
					const owner = users.find(user => user.id === is?.owner?.id);
					expect(is?.privileges.map(privilege => privilege.role).sort()).toEqual([...owner?.roles ?? ['(no owner)']].sort());
				}
			}
		}

		// Every credential of the churned org still works, and the other org saw nothing.
		for (const role of credentialRoles) {
			expect((await collect(datadog.provider({...simulator.keysFor(other, role), account: other, kinds: ['api-keys']}).list())).length, role).toBeGreaterThan(0);
		}

		expect(simulator.keys(org)).toEqual(untouched);
	});
});
