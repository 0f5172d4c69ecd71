import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createOpalProvider, type OpalProviderOptions} from '../../../providers/opal/index.js';
import {opalDirectoryThreshold, opalOwnerLookups} from '../../../providers/opal/people.js';
import {OpalUserPageSchema, OpalUserSchema} from '../../../providers/opal/schema.js';
import {collect} from '../../support/collect.js';
import {sendJson, useLoopbackServers} from '../../support/loopback-server.js';
import {call, useOpal, type RunningOpal} from './support.js';

const start = useOpal();
const startServer = useLoopbackServers();
const account = 'opal-org-1';

/** A provider for `account`, and counts of the user lookups and user-list pages it sends. */
function provider(opal: RunningOpal, options: Partial<OpalProviderOptions> = {}) {
	let lookups = 0;
	let listPages = 0;
	const created = createOpalProvider({
		apiKey: opal.simulator.keyFor(account, 'admin'),
		baseUrl: opal.baseUrl,
		account,
		retry: {baseDelay: 5},
		onEvent(event) {
			if (event.type === 'request' && /^\/?(?:v1\/)?user(?:\?|$)/.test(event.path)) {
				lookups++;
			}

			if (event.type === 'request' && /^\/?(?:v1\/)?users(?:\?|$)/.test(event.path)) {
				listPages++;
			}
		},
		...options,
	});
	return {provider: created, lookups: () => lookups, listPages: () => listPages};
}

describe('Opal simulator: the users API', () => {
	it('answers GET /user with every field the spec requires, for members, service users and people who left', async () => {
		const opal = await start({tokens: 40});
		const key = opal.simulator.keyFor(account, 'member');
		const get = async (query: string) => {
			const answer = await call(opal.baseUrl, `/user?${query}`, {key});
			const body: unknown = answer.text === '' ? undefined : JSON.parse(answer.text);
			return {status: answer.status, body};
		};

		const [admin] = opal.simulator.users(account);
		const member = await get(`user_id=${admin?.id ?? ''}`);
		expect(member.status).toBe(200);
		expect(v.parse(OpalUserSchema, member.body)).toMatchObject({user_id: admin?.id, email: admin?.email, hr_idp_status: 'ACTIVE'});
		expect(Object.keys(v.parse(v.looseObject({}), member.body)).sort()).toEqual(['email', 'first_name', 'full_name', 'hr_idp_status', 'last_name', 'position', 'user_id']);
		expect((await get(`email=${encodeURIComponent(admin?.email ?? '')}`)).body).toEqual(member.body);

		const service = opal.simulator.users(account).find(user => user.kind === 'service');
		expect((await get(`user_id=${service?.id ?? ''}`)).body).toMatchObject({user_id: service?.id, email: '', position: 'Service user'});

		const former = opal.simulator.formerUsers(account);
		expect(new Set(former.map(user => user.standing))).toEqual(new Set(['DEPROVISIONED', 'DELETED', 'removed']));
		expect(former.map(user => user.id).sort()).toEqual(opal.simulator.removedUserIds(account).sort());
		for (const user of former) {
			const answer = await get(`user_id=${user.id}`);
			if (user.standing === 'removed') {
				expect(answer.status).toBe(404);
			} else {
				expect(answer).toMatchObject({status: 200, body: {user_id: user.id, email: user.email, hr_idp_status: user.standing}});
			}
		}

		expect((await get('')).status).toBe(400);
		expect((await get('user_id=not-a-uuid')).status).toBe(400);
		expect((await call(opal.baseUrl, `/user?user_id=${admin?.id ?? ''}`)).status).toBe(401);
	});

	it('lists every user record the org has with GET /users, a page at a time, and not those removed from Opal', async () => {
		const opal = await start({tokens: 40});
		const key = opal.simulator.keyFor(account, 'admin');
		const seen: string[] = [];
		let cursor = '';
		for (let page = 0; page < 100; page++) {
			const answer = await call(opal.baseUrl, `/users?page_size=4${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, {key});
			const body = v.parse(OpalUserPageSchema, JSON.parse(answer.text));
			expect(body.results.length).toBeLessThanOrEqual(4);
			seen.push(...body.results.map(user => user.user_id));
			if (body.next === undefined || body.next === null) {
				break;
			}

			cursor = body.next;
		}

		const records = [...opal.simulator.users(account).map(user => user.id), ...opal.simulator.formerUsers(account).filter(user => user.standing !== 'removed').map(user => user.id)];
		expect(seen).toEqual([...records].sort());
		expect((await call(opal.baseUrl, '/users?page_size=1001', {key})).status).toBe(400);
		expect((await call(opal.baseUrl, '/users?cursor=nonsense', {key})).status).toBe(400);
	});
});

describe('Opal provider: owners and creators from the users API', () => {
	it('gives owners their email and standing, flags the people who left, and asks for each user once per provider', async () => {
		const opal = await start({tokens: 40});
		const {provider: opalProvider, lookups} = provider(opal);
		const listed = await collect(opalProvider.list());
		const users = new Map(opal.simulator.users(account).map(user => [user.id, user]));
		const removed = new Set(opal.simulator.removedUserIds(account));
		for (const token of listed) {
			for (const person of [token.owner, token.createdBy]) {
				const id = person?.id ?? '';
				const user = users.get(id);
				if (removed.has(id)) {
					// A deprovisioned or deleted record still has its email; someone removed from Opal has none.
					expect(person?.status, token.name).toBe('gone');
				} else {
					expect(person, token.name).toEqual({id, email: user?.email ?? null, status: 'present'});
				}
			}
		}

		expect(listed.some(token => token.owner?.status === 'gone')).toBe(true);
		expect(listed.some(token => token.owner?.status === 'present' && token.createdBy?.status === 'gone')).toBe(true);
		const people = new Set(opal.simulator.tokens(account).flatMap(token => [token.user_id, token.creator_user_id]));
		expect(lookups()).toBe(people.size);

		await collect(opalProvider.list());
		await opalProvider.get(listed[0]?.id ?? '');
		expect(lookups()).toBe(people.size);
	});

	it(`reads the org's user list once when a page names ${opalDirectoryThreshold} or more unknown users, and asks alone only for those it does not list`, async () => {
		const opal = await start({tokens: 700});
		const {provider: opalProvider, lookups, listPages} = provider(opal);
		const listed = await collect(opalProvider.list());
		const named = new Set(opal.simulator.tokens(account).flatMap(token => [token.user_id, token.creator_user_id]));
		expect(named.size).toBeGreaterThanOrEqual(opalDirectoryThreshold);
		const removedFromOpal = opal.simulator.formerUsers(account).filter(user => user.standing === 'removed' && named.has(user.id));
		expect(removedFromOpal.length).toBeGreaterThan(0);
		expect(listPages()).toBe(1);
		expect(lookups()).toBe(removedFromOpal.length);

		const removed = new Set(opal.simulator.removedUserIds(account));
		expect(listed.every(token => (removed.has(token.owner?.id ?? '') ? token.owner?.status === 'gone' : token.owner?.status === 'present'))).toBe(true);
	});

	it('sends no user lookups with resolveOwners: false; owners are then known by id, standing unknown', async () => {
		const opal = await start({tokens: 10});
		const {provider: opalProvider, lookups} = provider(opal, {resolveOwners: false});
		const listed = await collect(opalProvider.list());
		expect(lookups()).toBe(0);
		expect(listed.every(token => token.owner?.status === 'unknown' && token.owner.email === null)).toBe(true);
	});

	it('reads a 404 as gone, a 403 or a failure as unknown, and the HR/IDP status as the spec lists it; the listing completes', async () => {
		const people = {
			'10000000-0000-4000-8000-000000000001': {status: 404},
			'10000000-0000-4000-8000-000000000002': {status: 403},
			'10000000-0000-4000-8000-000000000003': {status: 500},
			'10000000-0000-4000-8000-000000000004': {status: 200, hr: 'DEPROVISIONED'},
			'10000000-0000-4000-8000-000000000005': {status: 200, hr: 'DELETED'},
			'10000000-0000-4000-8000-000000000006': {status: 200, hr: 'SUSPENDED'},
			'10000000-0000-4000-8000-000000000007': {status: 200, hr: 'NOT_FOUND'},
			'10000000-0000-4000-8000-000000000008': {status: 200},
			'10000000-0000-4000-8000-000000000009': {status: 200, hr: 'ON_LEAVE'},
		} as const;
		const ids = Object.keys(people);
		const server = await startServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://x');
			if (url.pathname === '/v1/tokens') {
				sendJson(response, 200, {results: ids.map((id, index) => ({
					token_id: `20000000-0000-4000-8000-00000000000${index}`,
					created_at: '2026-01-01T00:00:00Z',
					token_label: `t${index}`,
					creator_user_id: id,
					user_id: id,
					access_level: 'READ_ONLY',
				}))});
				return;
			}

			const id = url.searchParams.get('user_id') ?? '';
			const person = Object.entries(people).find(([candidate]) => candidate === id)?.[1];
			if (person === undefined || person.status !== 200) {
				sendJson(response, person?.status ?? 404, {message: 'no'});
				return;
			}

			sendJson(response, 200, {user_id: id, email: `${id.slice(-1)}@example.com`, full_name: 'A B', first_name: 'A', last_name: 'B', position: '', ...('hr' in person ? {hr_idp_status: person.hr} : {})});
		});
		const listed = await collect(createOpalProvider({apiKey: 'k'.repeat(64), baseUrl: `${server.url}v1`, account: 'loopback', retry: {attempts: 1}}).list());
		expect(listed.map(token => token.owner?.status)).toEqual(['gone', 'unknown', 'unknown', 'gone', 'gone', 'present', 'unknown', 'present', 'unknown']);
		expect(listed[5]?.owner?.email).toBe('6@example.com');
		expect(listed[0]?.owner?.email).toBeNull();
	});

	it(`looks up at most ${opalOwnerLookups} users at once`, async () => {
		const ids = Array.from({length: 30}, (_, index) => `30000000-0000-4000-8000-0000000000${String(index).padStart(2, '0')}`);
		let open = 0;
		let most = 0;
		const server = await startServer(async (request, response) => {
			const url = new URL(request.url ?? '/', 'http://x');
			if (url.pathname === '/v1/tokens') {
				sendJson(response, 200, {results: ids.map((id, index) => ({token_id: id.replace(/^3/, '4'), created_at: '2026-01-01T00:00:00Z', token_label: `t${index}`, creator_user_id: id, user_id: id, access_level: 'READ_ONLY'}))});
				return;
			}

			open++;
			most = Math.max(most, open);
			await new Promise(resolve => setTimeout(resolve, 20));
			open--;
			sendJson(response, 200, {user_id: url.searchParams.get('user_id'), email: 'x@example.com', full_name: '', first_name: '', last_name: '', position: ''});
		});
		const listed = await collect(createOpalProvider({apiKey: 'k'.repeat(64), baseUrl: `${server.url}v1`, account: 'loopback'}).list());
		expect(listed.every(token => token.owner?.status === 'present')).toBe(true);
		expect(most).toBeGreaterThan(1);
		expect(most).toBeLessThanOrEqual(opalOwnerLookups);
	});
});
