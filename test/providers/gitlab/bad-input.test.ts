import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterEach, describe, expect, it} from 'vitest';
import {startSimulators} from '../../../providers/simulators.js';
import type {RunningSimulators} from '../../../src/simulate/start.js';
import {findLeaks} from '../../support/leak-scan.js';
import {startCli} from '../../support/run-cli.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

const ReportSchema = v.looseObject({accounts: v.array(v.looseObject({provider: v.string(), account: v.string(), complete: v.boolean(), error: v.nullable(v.looseObject({message: v.string()}))}))});

const HasKeyFor = v.looseObject({keyFor: v.function()});

/** Every vendor's simulators, and a config over them whose first GitLab entry `change` bends; keys through the environment. */
async function configWith(change: (entry: Record<string, unknown>) => Record<string, unknown>) {
	const simulators = await startSimulators({tokens: 4, rateLimits: false});
	running.push(simulators);
	const {simulator} = simulators.get('gitlab');
	// The key of a user who is not an administrator, for an entry that asks for it as ${DEVELOPER_KEY}.
	const env: NodeJS.ProcessEnv = {DEVELOPER_KEY: v.is(HasKeyFor, simulator) ? String(simulator.keyFor('gitlab-instance-1', 'developer')) : ''};
	const accounts = simulators.vendors.flatMap(vendor => vendor.configEntries()).map((entry, index) => {
		env[`KEY_${index}`] = entry.apiKey;
		const withVariable = {...entry, apiKey: `\${KEY_${index}}`};
		return entry.provider === 'gitlab' && entry.name === 'gitlab-instance-1' ? change(withVariable) : withVariable;
	});
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-gitlab-'));
	await writeFile(join(directory, 'tokenkit.yaml'), `${JSON.stringify({accounts}, null, 2)}\n`);
	return {simulators, env, directory};
}

describe('GitLab bad input in the config file', () => {
	it.each([
		['an unknown personalTokens value', {personalTokens: 'everyone'}, /field "personalTokens"/],
		['groups that are neither all nor a list', {groups: 'some'}, /field "groups": must be "all" or a list of ids and full paths/],
		['a group listed twice', {groups: ['acme', 'ACME']}, /field "groups\[1\]": "ACME" is listed twice/],
		['a project path that cannot be one', {projects: ['acme/../x y']}, /field "projects\[0\]" must be a positive id or a full path/],
		['a page size GitLab does not serve', {pageSize: 500}, /field "pageSize" must be a whole number from 1 to 100/],
		['a field GitLab accounts do not have', {orgId: 'x'}, /unknown field "orgId" for provider gitlab/],
	])('%s: exit 2 before any request, naming file, line, account and field', async (_name, fields, message) => {
		const {simulators, env, directory} = await configWith(entry => ({...entry, ...fields}));
		const before = simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0);
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await cli.done).toBe(2);
		expect(cli.stderr()).toMatch(/tokenkit\.yaml:\d+: (\[tokenkit:gitlab\] )?account "gitlab-instance-1":/);
		expect(cli.stderr()).toMatch(message);
		expect(simulators.vendors.reduce((sum, vendor) => sum + vendor.server.stats.requests, 0)).toBe(before);
	});
});

describe('GitLab bad input found only by asking GitLab', () => {
	it.each([
		['a group that does not exist', {groups: ['acme', 'acme/gone']}, /\[tokenkit:gitlab\] account "gitlab-instance-1": GET \/api\/v4\/groups\/acme%2Fgone answered HTTP 404; field "groups\[1\]": group "acme\/gone" does not exist, or this token cannot see it/],
		['every user\'s tokens with a key that is not an administrator\'s', {personalTokens: 'all', apiKey: '${DEVELOPER_KEY}'}, /\[tokenkit:gitlab\] account "gitlab-instance-1": field "personalTokens": "all" needs an administrator's token/],
	])('%s: that account fails with a clear error, the others finish, exit 1, and nothing leaks', async (_name, fields, message) => {
		const {simulators, env, directory} = await configWith(entry => ({...entry, ...fields}));
		const cli = startCli(['inventory', '--format', 'json'], {env, cwd: directory});
		expect(await cli.done).toBe(1);
		const report = v.parse(ReportSchema, JSON.parse(cli.stdout()));
		expect(report.accounts.filter(account => !account.complete).map(account => account.account)).toEqual(['gitlab-instance-1']);
		expect(report.accounts.filter(account => account.complete)).toHaveLength(report.accounts.length - 1);
		expect(cli.stderr()).toMatch(message);
		expect(findLeaks([{where: 'stdout', text: cli.stdout()}, {where: 'stderr', text: cli.stderr()}], simulators.allSecrets())).toEqual([]);
	});
});
