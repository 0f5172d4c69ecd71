/**
OpenAI's own Node client (`openai`) runs against the simulator unchanged, as a user's script would: only `adminAPIKey`
and `baseURL` are configured, `baseURL` being the simulator's `/v1` root. The client's resource methods for the
Administration API are used where it has them (admin keys, projects, project keys, service accounts and their keys);
its raw request methods (`client.get`, `client.getAPIList` with its own page classes, `client.post`, `client.delete`) do what a
script does with a route it has no method for. What the test keeps out of the way, and why:
- the client's own retries (`maxRetries: 0`): a rate limit or a fault must show here, not be waited out, and a create
  is not idempotent (docs/vendors/openai.md, rotation);
- `OPENAI_*` variables, which the constructor reads for whatever the options leave out.
*/
import OpenAI, {AuthenticationError, NotFoundError, RateLimitError} from 'openai';
import {ConversationCursorPage, CursorPage} from 'openai/pagination';
import * as v from 'valibot';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createOpenAISimulator, type OpenAISimulatorOptions} from '../../../providers/openai/simulator.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';

const serve = useSimulatorServers();
afterEach(() => {
	vi.unstubAllEnvs();
});

const org = 'openai-org-1';
const IdSchema = v.looseObject({id: v.string()});

/** An item of a list, as a script reading it raw knows it. */
interface Listed {
	readonly id: string;
}

async function setup(options: OpenAISimulatorOptions = {}) {
	for (const name of ['OPENAI_API_KEY', 'OPENAI_ADMIN_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID']) {
		vi.stubEnv(name, undefined);
	}

	const simulator = createOpenAISimulator({accounts: 1, tokens: 40, rateLimit: false, ...options});
	const {server, seen} = await serve(simulator);
	const clientFor = (adminAPIKey: string): OpenAI => new OpenAI({adminAPIKey, baseURL: server.baseUrl, maxRetries: 0});
	const ids = (list: Array<Record<string, unknown>>): string[] => list.map(entry => v.parse(IdSchema, entry).id);
	return {simulator, seen, server, client: clientFor(simulator.keyFor(org)), clientFor, ids};
}

/** Every item of one of the client's auto-paging lists. */
async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
	const items: T[] = [];
	for await (const item of list) {
		items.push(item);
	}

	return items;
}

describe('the openai client against the simulator', () => {
	it('pages through the admin keys by the last item\'s id, and the projects and their keys by last_id', async () => {
		const {simulator, client, seen, ids} = await setup();
		const adminKeys = await all(client.admin.organization.adminAPIKeys.list({limit: 2, order: 'asc'}));
		expect(adminKeys.map(key => key.id)).toEqual(ids(simulator.adminKeys(org)));
		expect(adminKeys.every(key => key.redacted_value.startsWith('sk-admin') && !('value' in key))).toBe(true);
		const adminPages = seen.filter(request => request.path === '/v1/organization/admin_api_keys');
		expect(adminPages.length).toBe(Math.ceil(adminKeys.length / 2));
		expect(adminPages[0]?.headers.authorization).toBe(`Bearer ${simulator.keyFor(org)}`);

		const projects = await all(client.admin.organization.projects.list({include_archived: true, limit: 2}));
		expect(projects.map(project => project.id)).toEqual(ids(simulator.projects(org)));
		expect(projects.some(project => project.status === 'archived' && typeof project.archived_at === 'number')).toBe(true);
		// Without include_archived, the archived project is left out.
		expect((await all(client.admin.organization.projects.list())).length).toBe(projects.length - 1);

		for (const project of projects) {
			const keys = await all(client.admin.organization.projects.apiKeys.list(project.id, {owner_project_access: 'any', limit: 3}));
			expect(keys.map(key => key.id)).toEqual(ids(simulator.projectKeys(org, project.id)));
		}
	});

	it('without owner_project_access=any, keys whose owner lost access are hidden, as OpenAI warns', async () => {
		const {simulator, client, ids} = await setup();
		const counts = await Promise.all(simulator.projects(org).map(async project => {
			const id = v.parse(IdSchema, project).id;
			const any = await all(client.admin.organization.projects.apiKeys.list(id, {owner_project_access: 'any'}));
			const plain = await all(client.admin.organization.projects.apiKeys.list(id));
			const inactive = await all(client.admin.organization.projects.apiKeys.list(id, {owner_project_access: 'inactive'}));
			expect(any.map(key => key.id).sort()).toEqual([...plain, ...inactive].map(key => key.id).sort());
			expect(any.map(key => key.id)).toEqual(ids(simulator.projectKeys(org, id)));
			return inactive.length;
		}));
		expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
	});

	it('creates, retrieves and deletes an admin key: the value once, in the create answer only', async () => {
		const {simulator, client, clientFor} = await setup();
		const created = await client.admin.organization.adminAPIKeys.create({name: 'script-key', expires_in_seconds: 86_400});
		expect(created.value).toMatch(/^sk-admin-/);
		expect(simulator.allSecrets()).toContain(created.value);
		expect(created.expires_at).toBe(created.created_at + 86_400);
		expect(created.last_used_at).toBeNull();

		const retrieved = await client.admin.organization.adminAPIKeys.retrieve(created.id);
		expect(retrieved).toEqual(Object.fromEntries(Object.entries(created).filter(([field]) => field !== 'value')));
		// The new key works as an admin key; using it is recorded as its last use.
		await clientFor(created.value).admin.organization.projects.list();
		expect((await client.admin.organization.adminAPIKeys.retrieve(created.id)).last_used_at).toEqual(expect.any(Number));

		expect(await client.admin.organization.adminAPIKeys.delete(created.id)).toEqual({id: created.id, object: 'organization.admin_api_key.deleted', deleted: true});
		await expect(client.admin.organization.adminAPIKeys.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(clientFor(created.value).admin.organization.projects.list()).rejects.toBeInstanceOf(AuthenticationError);
		await expect(client.admin.organization.adminAPIKeys.create({name: 'x', expires_in_seconds: 0})).rejects.toMatchObject({status: 400, param: 'expires_in_seconds'});
	});

	it('creates a service account with its key, a second key for it, and deletes both, as the project lists them', async () => {
		const {simulator, client} = await setup();
		const [project] = simulator.projects(org).map(entry => v.parse(v.looseObject({id: v.string(), status: v.string()}), entry)).filter(entry => entry.status === 'active');
		const projectId = project?.id ?? '';
		const account = await client.admin.organization.projects.serviceAccounts.create(projectId, {name: 'Production App'});
		expect(account).toMatchObject({object: 'organization.project.service_account', name: 'Production App', role: 'member'});
		expect(account.api_key?.value).toMatch(/^sk-svcacct-/);
		const second = await client.admin.organization.projects.serviceAccounts.apiKeys.create(account.id, {project_id: projectId, name: 'second', scopes: ['api.responses.write']});
		expect(second.value).toMatch(/^sk-svcacct-/);

		const listed = await all(client.admin.organization.projects.apiKeys.list(projectId, {owner_project_access: 'any'}));
		const mine = listed.filter(key => key.owner.type === 'service_account' && key.owner.service_account?.id === account.id);
		expect(mine.map(key => key.id).sort()).toEqual([account.api_key?.id, second.id].sort());
		const retrieved = await client.admin.organization.projects.apiKeys.retrieve(second.id, {project_id: projectId});
		expect(retrieved).toMatchObject({name: 'second', owner_project_access: 'active', owner: {type: 'service_account', service_account: {id: account.id, role: 'member'}}});

		expect(await client.admin.organization.projects.apiKeys.delete(second.id, {project_id: projectId})).toEqual({object: 'organization.project.api_key.deleted', id: second.id, deleted: true});
		expect(await client.admin.organization.projects.serviceAccounts.delete(account.id, {project_id: projectId})).toMatchObject({id: account.id, deleted: true});
		const after = await all(client.admin.organization.projects.apiKeys.list(projectId, {owner_project_access: 'any'}));
		expect(after.some(key => key.id === account.api_key?.id || key.id === second.id)).toBe(false);
	});

	it('refuses service accounts in an archived project with 400, in OpenAI\'s error shape', async () => {
		const {simulator, client} = await setup();
		const archived = simulator.projects(org).map(entry => v.parse(v.looseObject({id: v.string(), status: v.string()}), entry)).find(entry => entry.status === 'archived');
		const error: unknown = await client.admin.organization.projects.serviceAccounts.create(archived?.id ?? '', {name: 'x'}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({status: 400, type: 'invalid_request_error', code: 'project_archived'});
	});

	it('does what a script does with the raw request methods and the client\'s own page classes', async () => {
		const {simulator, client, ids, seen} = await setup();
		const headers = {Authorization: `Bearer ${simulator.keyFor(org)}`};
		const page = v.parse(v.object({object: v.literal('list'), data: v.array(IdSchema), first_id: v.nullable(v.string()), last_id: v.nullable(v.string()), has_more: v.boolean()}), await client.get('/organization/admin_api_keys', {query: {limit: 3}, headers}));
		expect(page.data.map(key => key.id)).toEqual(ids(simulator.adminKeys(org)).slice(0, 3));
		expect(page.last_id).toBe(page.data.at(-1)?.id);

		const viaCursor = await all(client.getAPIList<Listed, CursorPage<Listed>>('/organization/admin_api_keys', CursorPage, {query: {limit: 2}, headers}));
		expect(viaCursor.map(key => key.id)).toEqual(ids(simulator.adminKeys(org)));
		const projects = await all(client.getAPIList<Listed, ConversationCursorPage<Listed>>('/organization/projects', ConversationCursorPage, {query: {limit: 2, include_archived: true}, headers}));
		expect(projects.map(project => project.id)).toEqual(ids(simulator.projects(org)));

		const [first] = projects;
		const user = v.parse(v.object({data: v.array(v.looseObject({owner: v.looseObject({type: v.string(), user: v.optional(IdSchema)})}))}), await client.get(`/organization/projects/${first?.id ?? ''}/api_keys`, {query: {owner_project_access: 'any', limit: 100}, headers})).data.find(key => key.owner.type === 'user');
		const person = await client.get(`/organization/users/${user?.owner.user?.id ?? ''}`, {headers});
		expect(person).toMatchObject({object: 'organization.user', id: user?.owner.user?.id});

		const created = v.parse(v.looseObject({id: v.string(), name: v.string(), value: v.string()}), await client.post('/organization/admin_api_keys', {body: {name: 'raw-script'}, headers}));
		expect(created.value).toMatch(/^sk-admin-/);
		expect(seen.at(-1)?.body).toEqual({name: 'raw-script'});
		expect(await client.delete(`/organization/admin_api_keys/${created.id}`, {headers})).toMatchObject({id: created.id, deleted: true});
		expect(seen.at(-1)?.method).toBe('DELETE');
		expect(ids(simulator.adminKeys(org))).not.toContain(created.id);
		// Without a key the raw call is refused by OpenAI itself.
		await expect(client.get('/organization/projects', {headers: {Authorization: null}})).rejects.toBeInstanceOf(AuthenticationError);
	});

	it('sees OpenAI\'s 429 with Retry-After as the client\'s RateLimitError', async () => {
		const {client} = await setup({rateLimit: {perWindow: 2, windowMs: 60_000}});
		await client.admin.organization.projects.list();
		await client.admin.organization.projects.list();
		const error: unknown = await client.admin.organization.projects.list().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(RateLimitError);
		expect(error).toMatchObject({status: 429, code: 'rate_limit_exceeded'});
		expect(Number((error instanceof RateLimitError ? error.headers : new Headers()).get('retry-after'))).toBeGreaterThanOrEqual(1);
	});
});
