import * as v from 'valibot';
import {describe, expect, it} from 'vitest';
import {createOpenAISimulator} from '../../../providers/openai/simulator.js';
import {org, useOpenAI} from './support.js';

const start = useOpenAI();

const ErrorSchema = v.object({error: v.object({message: v.string(), type: v.string(), param: v.nullable(v.string()), code: v.nullable(v.string())})});
const PageSchema = v.object({object: v.literal('list'), data: v.array(v.looseObject({id: v.string()})), first_id: v.nullable(v.string()), last_id: v.nullable(v.string()), has_more: v.boolean()});

describe('the OpenAI simulator', () => {
	it('pages oldest first with an exact has_more and last_id, and an `after` naming a key deleted since keeps its place', async () => {
		const {server, simulator} = await start({tokens: 40});
		const headers = {authorization: `Bearer ${simulator.keyFor(org)}`};
		const get = async (query: string) => v.parse(PageSchema, await (await fetch(`${server.baseUrl}/organization/admin_api_keys?${query}`, {headers})).json());
		const first = await get('limit=2');
		expect(first.has_more).toBe(true);
		expect([first.first_id, first.last_id]).toEqual([first.data[0]?.id, first.data[1]?.id]);
		const all = simulator.adminKeys(org).map(key => v.parse(v.looseObject({id: v.string()}), key).id);
		expect(first.data.map(key => key.id)).toEqual(all.slice(0, 2));

		// The page's last key is deleted; the next page still starts right after it.
		await fetch(`${server.baseUrl}/organization/admin_api_keys/${first.last_id ?? ''}`, {method: 'DELETE', headers});
		const next = await get(`limit=100&after=${first.last_id ?? ''}`);
		expect(next.data.map(key => key.id)).toEqual(all.slice(2));
		expect([next.has_more, next.last_id]).toEqual([false, all.at(-1)]);
		const descending = await get('limit=100&order=desc');
		expect(descending.data.map(key => key.id)).toEqual(all.filter(id => id !== first.last_id).reverse());
	});

	it.each([
		['limit=0', 'limit'],
		['limit=101', 'limit'],
		['after=key_neverListedHere', 'after'],
		['order=newest', 'order'],
	])('refuses %s with 400 in OpenAI\'s error shape, naming the parameter', async (query, param) => {
		const {server, simulator} = await start({tokens: 5});
		const response = await fetch(`${server.baseUrl}/organization/admin_api_keys?${query}`, {headers: {authorization: `Bearer ${simulator.keyFor(org)}`}});
		expect(response.status).toBe(400);
		expect(v.parse(ErrorSchema, await response.json()).error).toMatchObject({type: 'invalid_request_error', param});
		expect(response.headers.get('x-request-id')).toMatch(/^req_[\da-f]{32}$/);
		expect(response.headers.get('openai-version')).toBe('2020-10-01');
	});

	it('answers unknown routes, other methods, a missing key and a wrong key as OpenAI does', async () => {
		const {server, simulator} = await start({tokens: 5});
		const headers = {authorization: `Bearer ${simulator.keyFor(org)}`};
		const status = async (path: string, init: RequestInit = {}) => (await fetch(`${server.baseUrl}${path}`, {headers, ...init})).status;
		expect(await status('/organization/keys')).toBe(404);
		expect(await status('/organization/projects', {method: 'DELETE'})).toBe(405);
		expect(await status('/organization/admin_api_keys', {headers: {}})).toBe(401);
		const wrong = await fetch(`${server.baseUrl}/organization/admin_api_keys`, {headers: {authorization: 'Bearer sk-admin-wrongwrongwrongwrong1234'}});
		expect(v.parse(ErrorSchema, await wrong.json()).error).toMatchObject({code: 'invalid_api_key', message: expect.stringContaining('sk-admin***1234') as unknown});
	});

	it('hides the archived project unless asked, refuses its service accounts, and takes a service account\'s keys with it', async () => {
		const {server, simulator} = await start({tokens: 30});
		const headers = {authorization: `Bearer ${simulator.keyFor(org)}`, 'content-type': 'application/json'};
		const projects = simulator.projects(org).map(project => v.parse(v.looseObject({id: v.string(), status: v.string()}), project));
		const plain = v.parse(PageSchema, await (await fetch(`${server.baseUrl}/organization/projects?limit=100`, {headers})).json());
		expect(plain.data.length).toBe(projects.length - 1);
		const archived = projects.find(project => project.status === 'archived');
		expect((await fetch(`${server.baseUrl}/organization/projects/${archived?.id ?? ''}/service_accounts`, {headers})).status).toBe(400);

		const active = projects.find(project => project.status === 'active');
		const path = `${server.baseUrl}/organization/projects/${active?.id ?? ''}`;
		const account = v.parse(v.looseObject({id: v.string(), api_key: v.looseObject({id: v.string(), value: v.string()})}), await (await fetch(`${path}/service_accounts`, {method: 'POST', headers, body: JSON.stringify({name: 'etl'})})).json());
		expect(simulator.allSecrets()).toContain(account.api_key.value);
		expect((await fetch(`${path}/service_accounts/${account.id}`, {method: 'DELETE', headers})).status).toBe(200);
		expect((await fetch(`${path}/api_keys/${account.api_key.id}`, {headers})).status).toBe(404);
	});

	it('counts each organization\'s keys as its listings show them, and gives the same organizations for the same seed', () => {
		const one = createOpenAISimulator({seed: 4, tokens: 12, rateLimit: false});
		const two = createOpenAISimulator({seed: 4, tokens: 12, rateLimit: false});
		expect(one.accounts()).toEqual(two.accounts());
		for (const account of one.accounts()) {
			const projects = one.projects(account.name).map(project => v.parse(v.looseObject({id: v.string()}), project).id);
			expect(account.tokens).toBe(one.adminKeys(account.name).length + projects.reduce((sum, project) => sum + one.projectKeys(account.name, project).length, 0));
		}

		expect(() => createOpenAISimulator({tokens: -1})).toThrow(/tokens must be a whole number/);
	});
});
