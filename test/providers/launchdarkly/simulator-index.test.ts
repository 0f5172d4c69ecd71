import {afterEach, describe, expect, it} from 'vitest';
import {TokenSchema, TokensSchema, type Token} from '../../../providers/launchdarkly/schema.js';
import {startSimulatorServer, type RunningSimulatorServer} from '../../../src/simulate/server.js';
import {account1, account2, useSimulator, valid, type Running} from './support.js';

/*
The simulator keeps each account's tokens indexed by id and by key, and keeps each kind of caller's visible
list instead of filtering the account per request. These tests change the account every way the API and
churn can, and check after each change that the kept structures agree with what a fresh look says.
*/

const startSimulator = useSimulator();
const roles = ['admin', 'owner', 'writer', 'reader'] as const;
const quietServers: RunningSimulatorServer[] = [];
afterEach(async () => {
	await Promise.all(quietServers.splice(0).map(async server => server.close()));
});

/** A second server over the same simulator, without churn, so that checks see the account hold still. */
async function quiet(sim: Running): Promise<Running> {
	const server = await startSimulatorServer(sim.simulator);
	quietServers.push(server);
	return {
		...sim,
		server,
		url: server.baseUrl,
		async request(method, path, init = {}) {
			const headers: Record<string, string> = {...init.headers};
			if (init.key !== undefined) {
				headers['Authorization'] = init.key;
			}

			const response = await fetch(`${server.baseUrl}${path}`, {method, headers});
			const text = await response.text();
			return {status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) as unknown, text};
		},
	};
}

/** Every token `key` sees, walking the pages seven at a time; checks that `totalCount` holds on every page. */
async function listAll(sim: Running, key: string, showAll: boolean): Promise<Token[]> {
	const seen: Token[] = [];
	for (let offset = 0; ; offset += 7) {
		const answer = await sim.request('GET', `/api/v2/tokens?limit=7&offset=${offset}${showAll ? '&showAll=true' : ''}`, {key, headers: {'LD-API-Version': '20240415'}});
		expect(answer.status, answer.text).toBe(200);
		const page = valid(TokensSchema, answer.body);
		const items = page.items ?? [];
		seen.push(...items);
		expect(page.totalCount).toBeGreaterThanOrEqual(seen.length);
		if (items.length < 7) {
			expect(page.totalCount).toBe(seen.length);
			return seen;
		}
	}
}

/** What a fresh look says `role` sees: the visibility rule applied to the account's whole list now. */
function expectedFor(sim: Running, role: (typeof roles)[number], showAll: boolean): string[] {
	const all = sim.simulator.tokens(account1);
	const caller = all.find(token => token._id === sim.simulator.tokenIdFor(account1, role));
	if (caller === undefined) {
		throw new Error(`the ${role} key is gone`);
	}

	// A personal token is capped by its member: the admin role on a reader's token is still a reader's view.
	const isAdmin = (role: string | undefined): boolean => role === 'admin' || role === 'owner';
	const admin = isAdmin(caller.role) && (caller.serviceToken === true || isAdmin(caller._member?.role));
	return all
		.filter(token => token.serviceToken === true || (caller.serviceToken === false && token.memberId === caller.memberId) || (showAll && admin))
		.map(token => token._id);
}

async function expectListingsAgree(sim: Running): Promise<void> {
	for (const role of roles) {
		for (const showAll of [false, true]) {
			const listed = await listAll(sim, sim.simulator.keyFor(account1, role), showAll);
			expect(listed.map(token => token._id), `${role}, showAll=${showAll}`).toEqual(expectedFor(sim, role, showAll));
		}
	}
}

async function create(sim: Running, key: string, body: Record<string, unknown>): Promise<{readonly id: string; readonly key: string}> {
	const answer = await sim.request('POST', '/api/v2/tokens', {key, body});
	expect(answer.status, answer.text).toBe(201);
	const token = valid(TokenSchema, answer.body);
	return {id: token._id, key: token.token ?? ''};
}

async function status(sim: Running, key: string, path = '/api/v2/tokens?limit=1'): Promise<number> {
	return (await sim.request('GET', path, {key})).status;
}

describe('the kept indexes and visible lists', () => {
	it('agree with a fresh listing after creates, deletes, resets and role changes', async () => {
		const sim = await startSimulator({accounts: 2, tokens: 40});
		const admin = sim.simulator.keyFor(account1);
		const owner = sim.simulator.keyFor(account1, 'owner');
		// Every view is built before anything changes, so each change below has to be followed, not rebuilt.
		await expectListingsAgree(sim);

		const service = await create(sim, admin, {name: 'new-service', role: 'reader', serviceToken: true});
		const personal = await create(sim, owner, {name: 'new-personal', role: 'writer'});
		await expectListingsAgree(sim);
		expect(await status(sim, service.key)).toBe(200);
		expect(await status(sim, personal.key)).toBe(200);

		const readerMember = sim.simulator.tokens(account1).find(token => token._id === sim.simulator.tokenIdFor(account1, 'reader'))?.memberId;
		const seeded = sim.simulator.tokens(account1).filter(token => token.name?.startsWith('tokenkit-sim-') === false);
		const victims = seeded.filter(token => token.serviceToken === true || token.memberId === readerMember).slice(0, 3);
		expect(victims.length).toBe(3);
		for (const victim of [...victims, {_id: service.id}]) {
			expect((await sim.request('DELETE', `/api/v2/tokens/${victim._id}`, {key: admin})).status).toBe(204);
		}

		await expectListingsAgree(sim);
		expect(await status(sim, service.key)).toBe(401);
		expect((await sim.request('GET', `/api/v2/tokens/${service.id}`, {key: admin})).status).toBe(404);

		const reset = await sim.request('POST', `/api/v2/tokens/${personal.id}/reset?expiry=${sim.clock.now() + 60_000}`, {key: admin});
		expect(reset.status, reset.text).toBe(200);
		const renewed = valid(TokenSchema, reset.body).token ?? '';
		await expectListingsAgree(sim);
		expect(await status(sim, renewed)).toBe(200);
		expect(await status(sim, personal.key)).toBe(200);
		sim.clock.advance(60_000);
		expect(await status(sim, personal.key)).toBe(401);
		expect(await status(sim, renewed)).toBe(200);

		// The reader's token gets the admin role, which its reader member caps (it keeps its own view), then goes back.
		const readerId = sim.simulator.tokenIdFor(account1, 'reader');
		const promote = async (role: string): Promise<void> => {
			const answer = await sim.request('PATCH', `/api/v2/tokens/${readerId}`, {key: admin, body: [{op: 'replace', path: '/role', value: role}]});
			expect(answer.status, answer.text).toBe(200);
		};

		await promote('admin');
		await expectListingsAgree(sim);
		await promote('reader');
		await expectListingsAgree(sim);

		const other = await listAll(sim, sim.simulator.keyFor(account2), true);
		expect(other.map(token => token._id)).toEqual(sim.simulator.tokens(account2).map(token => token._id));
	});

	it('agree with a fresh listing after churn replaced much of the account', async () => {
		const churning = await startSimulator({accounts: 1, tokens: 30}, {churn: {everyRequests: 1}});
		const admin = churning.simulator.keyFor(account1);
		const before = new Set(churning.simulator.tokens(account1).map(token => token._id));
		// Listings between changes build the views, which churn then has to keep up to date.
		for (let index = 0; index < 40; index++) {
			const role = roles[index % roles.length] ?? 'admin';
			expect(await status(churning, churning.simulator.keyFor(account1, role), `/api/v2/tokens?limit=3&showAll=${index % 3 === 0}`)).toBe(200);
		}

		const sim = await quiet(churning);
		const after = sim.simulator.tokens(account1);
		expect(after.filter(token => !before.has(token._id)).length).toBeGreaterThan(20);
		for (const token of after) {
			expect((await sim.request('GET', `/api/v2/tokens/${token._id}`, {key: admin})).status).toBe(200);
		}

		const gone = [...before].filter(id => !after.some(token => token._id === id));
		expect(gone.length).toBeGreaterThan(20);
		for (const id of gone) {
			expect((await sim.request('GET', `/api/v2/tokens/${id}`, {key: admin})).status).toBe(404);
		}

		await expectListingsAgree(sim);
	});
});
