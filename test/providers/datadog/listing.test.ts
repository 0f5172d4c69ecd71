import {describe, expect, it} from 'vitest';
import {createReadAheadBudget, type ReadAheadBudget} from '../../../src/read-ahead.js';
import {tokenToJSON, type Token} from '../../../src/token.js';
import {delay} from '../../support/loopback-server.js';
import {collect} from '../../support/collect.js';
import {findLeaks} from '../../support/leak-scan.js';
import {org, useDatadog} from './support.js';

const start = useDatadog();

const idOf = (record: unknown): string => {
	const id: unknown = typeof record === 'object' && record !== null ? Reflect.get(record, 'id') : undefined;
	return typeof id === 'string' ? id : '';
};

describe('Datadog keys through the provider: listing', () => {
	it('lists every kind in full across pages, always sending page[size], with each owner asked for once', async () => {
		const datadog = await start({tokens: 60});
		const tokens = await collect(datadog.provider({pageSize: 7}).list());
		const keys = datadog.simulator.keys(org);
		expect(tokens.map(token => token.id).sort()).toEqual([
			...keys.apiKeys.map(record => `api_keys/${idOf(record)}`),
			...keys.applicationKeys.map(record => `application_keys/${idOf(record)}`),
			...tokens.filter(token => token.id.includes('access_tokens')).map(token => token.id),
		].sort());
		expect(tokens.filter(token => token.id.includes('access_tokens'))).toHaveLength(keys.accessTokens.length);
		expect(tokens).toHaveLength(datadog.simulator.accounts()[0]?.tokens ?? -1);

		const lists = datadog.seen.filter(request => ['/api/v2/api_keys', '/api/v2/application_keys', '/api/v2/personal_access_tokens'].includes(request.path));
		expect(lists.every(request => request.query.get('page[size]') === '7' && request.query.get('sort') === 'created_at')).toBe(true);
		// Pages by number from 0: every list was read to its last page, and no page twice.
		const numbers = (path: string) => lists.filter(request => request.path === path).map(request => Number(request.query.get('page[number]'))).sort((a, b) => a - b);
		expect(numbers('/api/v2/api_keys')).toEqual(Array.from({length: Math.ceil(keys.apiKeys.length / 7)}, (_, index) => index));
		expect(numbers('/api/v2/application_keys')).toEqual(Array.from({length: Math.ceil(keys.applicationKeys.length / 7)}, (_, index) => index));

		const userReads = datadog.seen.filter(request => request.path.startsWith('/api/v2/users/')).map(request => request.path);
		expect(new Set(userReads).size).toBe(userReads.length);
		// A second listing by the same provider asks for nobody again.
		const provider = datadog.provider();
		await collect(provider.list());
		const after = datadog.seen.length;
		await collect(provider.list());
		expect(datadog.seen.slice(after).filter(request => request.path.startsWith('/api/v2/users/'))).toEqual([]);
	});

	it('names owners and creators with their standing, from Datadog\'s users, and marks both keys of the credential', async () => {
		const datadog = await start();
		const tokens = await collect(datadog.provider().list());
		const users = new Map(datadog.simulator.users(org).map(user => [user.id, user]));
		for (const token of tokens.filter(candidate => candidate.id.startsWith('application_keys/'))) {
			const user = users.get(token.owner?.id ?? '');
			expect(token.owner?.email).toBe(user?.email);
			expect(token.owner?.status).toBe(user?.disabled === true ? 'gone' : 'present');
			expect(token.status).toBe(user?.disabled === true ? 'disabled' : 'active');
			expect(token.kind).toBe(user?.serviceAccount === true ? 'service' : 'personal');
		}

		expect(tokens.some(token => token.status === 'disabled' && token.owner?.status === 'gone')).toBe(true);
		for (const token of tokens.filter(candidate => candidate.id.startsWith('api_keys/'))) {
			expect(token.owner).toEqual({id: null, email: null, status: 'present'});
			expect(users.get(token.createdBy?.id ?? '')?.email).toBe(token.createdBy?.email);
		}

		const own = tokens.filter(token => token.ownCredential);
		expect(own.map(token => token.id).sort()).toEqual([`api_keys/${datadog.simulator.keys(org).apiKeys.map(idOf).find(id => datadog.simulator.secretOf(id) === datadog.simulator.keysFor(org).apiKey) ?? ''}`, `application_keys/${datadog.simulator.applicationKeyIdFor(org)}`].sort());
		// The credential's own keys come last in their kind, once it is known no other key shows the same last four.
		expect(tokens.findIndex(token => token.ownCredential && token.id.startsWith('api_keys/'))).toBe(tokens.filter(token => token.id.startsWith('api_keys/')).length - 1);
	});

	it('lists the keys of named service accounts through their own endpoints, and each key once', async () => {
		const datadog = await start({tokens: 40});
		const serviceAccounts = datadog.simulator.serviceAccounts(org).map(account => account.id);
		const tokens = await collect(datadog.provider({serviceAccounts}).list());
		const underAccounts = tokens.filter(token => token.id.startsWith('service_accounts/'));
		expect(underAccounts.length).toBeGreaterThan(0);
		expect(underAccounts.every(token => token.kind === 'service' && serviceAccounts.includes(token.owner?.id ?? ''))).toBe(true);
		expect(tokens.filter(token => token.id.startsWith('application_keys/')).every(token => !serviceAccounts.includes(token.owner?.id ?? ''))).toBe(true);
		const bare = tokens.map(token => token.id.split('/').at(-1));
		expect(new Set(bare).size).toBe(tokens.length);
		expect(tokens).toHaveLength(datadog.simulator.accounts()[0]?.tokens ?? -1);
		expect(datadog.seen.some(request => request.path === `/api/v2/service_accounts/${serviceAccounts[0] ?? ''}/application_keys`)).toBe(true);

		// Only the service accounts, with `kinds: []`.
		const only = await collect(datadog.provider({serviceAccounts, kinds: []}).list());
		expect(only.map(token => token.id).sort()).toEqual(underAccounts.filter(token => token.id.includes('/application_keys/')).map(token => token.id).sort());
	});

	it('lists only the kinds asked for', async () => {
		const datadog = await start();
		const tokens = await collect(datadog.provider({kinds: ['api-keys']}).list());
		expect(tokens.every(token => token.id.startsWith('api_keys/'))).toBe(true);
		expect(datadog.seen.some(request => request.path.startsWith('/api/v2/application_keys') || request.path.startsWith('/api/v2/current_user'))).toBe(false);
	});
});

describe('Datadog keys through the provider: secrets in reads', () => {
	it('a single key\'s answer carries the whole key, for every kind that does: kept nowhere in any token', async () => {
		const datadog = await start({tokens: 30});
		const provider = datadog.provider();
		const listed = await collect(provider.list());
		const read: Token[] = [];
		for (const prefix of ['api_keys/', 'application_keys/', 'personal_access_tokens/', 'service_accounts/']) {
			const token = listed.find(candidate => candidate.id.startsWith(prefix) && !candidate.ownCredential);
			read.push(await provider.get(token?.id ?? ''));
		}

		// The answers did carry them: an API key's get always, and the caller's own application key (the org predates One-Time-Read).
		const apiKeyId = read[0]?.id.split('/')[1] ?? '';
		const apiKeyAnswer = datadog.seen.find(request => request.path === `/api/v2/api_keys/${apiKeyId}`);
		expect(apiKeyAnswer).toBeDefined();
		expect(datadog.seen.some(request => /^\/api\/v2\/current_user\/application_keys\/[^/]+$/.test(request.path))).toBe(true);
		const printed = [...listed, ...read].map(token => ({where: token.id, text: JSON.stringify(tokenToJSON(token))}));
		expect(findLeaks(printed, datadog.simulator.allSecrets())).toEqual([]);
		expect(read.every(token => !JSON.stringify(token.raw).includes('"key"'))).toBe(true);
	});

	it('takes pages ahead of its reader from the run\'s shared budget, beyond two of each list\'s own', async () => {
		const datadog = await start({tokens: 150}, {latency: {fixed: 5}});
		/** The most API-key pages on the wire at once, under a slow reader. */
		const mostInFlight = async (readAhead?: ReadAheadBudget): Promise<number> => {
			const provider = datadog.provider({pageSize: 5, kinds: ['api-keys']});
			datadog.events.length = 0;
			let read = 0;
			for await (const token of provider.list(readAhead === undefined ? {} : {readAhead})) {
				expect(token.id).toMatch(/^api_keys\//);
				read++;
				if (read % 5 === 0) {
					// A reader slower than the network: as many pages go out as the listing lets.
					await delay(20);
				}
			}

			let open = 0;
			let most = 0;
			for (const event of datadog.events) {
				if (event.type === 'request' && event.path.startsWith('/api/v2/api_keys')) {
					open++;
					most = Math.max(most, open);
				} else if (event.type === 'response' && event.path.startsWith('/api/v2/api_keys')) {
					open--;
				}
			}

			expect(read).toBeGreaterThan(30);
			return most;
		};

		// No room left in the run's budget: the list's own two pages, no more.
		expect(await mostInFlight(createReadAheadBudget(0))).toBe(2);
		// Listed alone (a library caller), it keeps its four pages in flight.
		expect(await mostInFlight()).toBe(4);
	});
});
