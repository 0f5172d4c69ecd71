import {describe, expect, it} from 'vitest';
import {TokenSchema, TokensSchema, type Token} from '../../../providers/launchdarkly/schema.js';
import {account1, expectError, useSimulator, valid, type Running} from './support.js';

const startSimulator = useSimulator();

async function list(sim: Running, query: string, key = sim.simulator.keyFor(account1), headers: Record<string, string> = {}) {
	const answer = await sim.request('GET', `/api/v2/tokens${query}`, {key, headers});
	expect(answer.status, answer.text).toBe(200);
	return valid(TokensSchema, answer.body);
}

const ids = (tokens: readonly Token[] | undefined): string[] => (tokens ?? []).map(token => token._id);

describe('pagination (API version 20240415)', () => {
	it('pages 25 at a time by default, with totalCount the whole collection and first/last/next links', async () => {
		const sim = await startSimulator({tokens: 60});
		const all = sim.simulator.tokens(account1);
		expect(all).toHaveLength(64);

		const page = await list(sim, '?showAll=true');

		expect(ids(page.items)).toEqual(ids(all.slice(0, 25)));
		expect(page.totalCount).toBe(64);
		expect(page._links).toEqual({
			self: {href: '/api/v2/tokens?limit=25&offset=0&showAll=true', type: 'application/json'},
			first: {href: '/api/v2/tokens?limit=25&offset=0&showAll=true', type: 'application/json'},
			last: {href: '/api/v2/tokens?limit=25&offset=50&showAll=true', type: 'application/json'},
			next: {href: '/api/v2/tokens?limit=25&offset=25&showAll=true', type: 'application/json'},
		});
	});

	it('reaches every token exactly once by following next, in creation order', async () => {
		const sim = await startSimulator({tokens: 47});
		const seen: Token[] = [];
		let href: string | undefined = '/api/v2/tokens?limit=10&showAll=true';
		let pages = 0;
		while (href !== undefined) {
			const page = await list(sim, href.replace('/api/v2/tokens', ''));
			seen.push(...page.items ?? []);
			expect(page.totalCount).toBe(51);
			if (pages > 0) {
				expect(page._links?.['prev']?.href).toBe(`/api/v2/tokens?limit=10&offset=${(pages - 1) * 10}&showAll=true`);
			}

			href = page._links?.['next']?.href;
			pages++;
		}

		expect(pages).toBe(6);
		expect(ids(seen)).toEqual(ids(sim.simulator.tokens(account1)));
		expect(new Set(ids(seen)).size).toBe(51);
		const dates = seen.map(token => token.creationDate);
		expect(dates).toEqual([...dates].sort((a, b) => a - b));
	});

	it('clamps limit to 1000 by default, and to maxPageSize when set', async () => {
		const big = await startSimulator({accounts: 1, tokens: 1100});
		const clamped = await list(big, '?limit=5000&showAll=true');
		expect(clamped.items).toHaveLength(1000);
		expect(clamped.totalCount).toBe(1104);
		expect(clamped._links?.['next']?.href).toBe('/api/v2/tokens?limit=1000&offset=1000&showAll=true');

		const small = await startSimulator({tokens: 30, maxPageSize: 7});
		const page = await list(small, '?limit=100&showAll=true');
		expect(page.items).toHaveLength(7);
		expect(page._links?.['self']?.href).toBe('/api/v2/tokens?limit=7&offset=0&showAll=true');
	});

	it('answers an offset past the end with no items, the total and a prev link', async () => {
		const sim = await startSimulator({tokens: 10});

		const page = await list(sim, '?limit=5&offset=40&showAll=true');

		expect(page.items).toEqual([]);
		expect(page.totalCount).toBe(14);
		expect(page._links?.['next']).toBeUndefined();
		expect(page._links?.['prev']?.href).toBe('/api/v2/tokens?limit=5&offset=9&showAll=true');
		expect(page._links?.['last']?.href).toBe('/api/v2/tokens?limit=5&offset=10&showAll=true');
	});

	it.each(['limit=0', 'limit=-1', 'limit=ten', 'offset=-5', 'offset=1.5', 'showAll=yes'])('refuses %s with 400 invalid_request', async query => {
		const sim = await startSimulator();
		expectError(await sim.admin('GET', `/api/v2/tokens?${query}`), 400, 'invalid_request');
	});
});

describe('the list before API version 20240415', () => {
	it('gives a token with an older defaultApiVersion every token at once, ignoring limit and offset', async () => {
		const sim = await startSimulator({tokens: 40});
		const created = await sim.admin('POST', '/api/v2/tokens', {body: {role: 'admin', serviceToken: true, defaultApiVersion: 20_220_603}});
		const legacy = valid(TokenSchema, created.body);
		expect(legacy.defaultApiVersion).toBe(20_220_603);
		const key = legacy.token ?? '';

		const everything = await list(sim, '?limit=5&offset=5&showAll=true', key);
		expect(everything.items).toHaveLength(45);
		expect(everything.totalCount).toBe(45);
		expect(everything._links).toEqual({self: {href: '/api/v2/tokens', type: 'application/json'}});

		const paged = await list(sim, '?limit=5&offset=5&showAll=true', key, {'LD-API-Version': '20240415'});
		expect(ids(paged.items)).toEqual(ids(sim.simulator.tokens(account1).slice(5, 10)));
		expect(paged.totalCount).toBe(45);
	});

	it('follows the header over the token: an old version unpaginates, a newer date paginates', async () => {
		const sim = await startSimulator({tokens: 40});

		expect((await list(sim, '?showAll=true', undefined, {'LD-API-Version': '20220603'})).items).toHaveLength(44);
		expect((await list(sim, '?showAll=true', undefined, {'LD-API-Version': '20991231'})).items).toHaveLength(25);
		expect((await list(sim, '?showAll=true')).items).toHaveLength(25);
	});
});

describe('who sees which tokens', () => {
	async function setup() {
		const sim = await startSimulator({tokens: 80});
		const all = sim.simulator.tokens(account1);
		const memberOf = (role: 'owner' | 'reader'): string => all.find(token => token._id === sim.simulator.tokenIdFor(account1, role))?.memberId ?? '';
		const service = all.filter(token => token.serviceToken === true);
		const personalOf = (memberId: string): Token[] => all.filter(token => token.serviceToken === false && token.memberId === memberId);
		expect(service.length).toBeGreaterThan(10);
		expect(all.length - service.length).toBeGreaterThan(personalOf(memberOf('owner')).length + 10);
		return {sim, all, service, own: {owner: personalOf(memberOf('owner')), reader: personalOf(memberOf('reader'))}};
	}

	const inOrder = (all: readonly Token[], chosen: readonly Token[]): string[] => ids(all.filter(token => chosen.includes(token)));

	it('shows a personal token the service tokens and its own member\'s personal tokens, with or without showAll unless Admin', async () => {
		const {sim, all, service, own} = await setup();
		const reader = sim.simulator.keyFor(account1, 'reader');

		expect(ids((await list(sim, '?limit=1000', reader)).items)).toEqual(inOrder(all, [...service, ...own.reader]));
		expect(ids((await list(sim, '?limit=1000&showAll=true', reader)).items)).toEqual(inOrder(all, [...service, ...own.reader]));
	});

	it('shows an Admin personal token every member\'s personal tokens only with showAll=true', async () => {
		const {sim, all, service, own} = await setup();
		const owner = sim.simulator.keyFor(account1, 'owner');

		expect(ids((await list(sim, '?limit=1000', owner)).items)).toEqual(inOrder(all, [...service, ...own.owner]));
		expect(ids((await list(sim, '?limit=1000&showAll=true', owner)).items)).toEqual(ids(all));
	});

	it('shows a service token the service tokens, and with the Admin role and showAll every token', async () => {
		const {sim, all, service} = await setup();
		const created = await sim.admin('POST', '/api/v2/tokens', {body: {role: 'reader', serviceToken: true}});
		const serviceReader = valid(TokenSchema, created.body).token ?? '';
		const services = [...ids(service), valid(TokenSchema, created.body)._id];

		expect(ids((await list(sim, '?limit=1000')).items)).toEqual(services);
		expect(ids((await list(sim, '?limit=1000&showAll=true')).items)).toEqual([...ids(all), valid(TokenSchema, created.body)._id]);
		expect(ids((await list(sim, '?limit=1000&showAll=true', serviceReader)).items)).toEqual(services);
	});

	it('refuses a single read of a personal token the caller may not see with 403, and allows it to an Admin', async () => {
		const {sim, service, own} = await setup();
		const reader = sim.simulator.keyFor(account1, 'reader');
		const othersPersonal = own.owner[0]?._id ?? '';

		expectError(await sim.request('GET', `/api/v2/tokens/${othersPersonal}`, {key: reader}), 403, 'forbidden');
		expect((await sim.request('GET', `/api/v2/tokens/${service[0]?._id ?? ''}`, {key: reader})).status).toBe(200);
		expect((await sim.request('GET', `/api/v2/tokens/${own.reader[0]?._id ?? ''}`, {key: reader})).status).toBe(200);
		expect((await sim.admin('GET', `/api/v2/tokens/${othersPersonal}`)).status).toBe(200);
	});
});
