import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdtemp, readdir, readFile, writeFile} from 'node:fs/promises';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import * as v from 'valibot';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {startSimulatorServer, type RunningSimulatorServer} from '../../src/simulators.js';
import {acmeRotation} from '../fixtures/acme/provider.js';
import {createAcmeSimulator, type AcmeSimulator} from '../fixtures/acme/simulator.js';
import {useLoopbackServers} from '../support/loopback-server.js';
import {cliPath, finished, tokenkit, type Finished} from './built-cli.js';

/*
A vendor defined entirely under test/fixtures/acme, loaded by the built CLI from a config file's `vendors:` list:
it lists, audits and rotates through the same core as the built-in vendors, with a rotation the built-ins do not
have (a new id, the old key revoked at once, never retried). Needs `npm run build` first.
*/

const vendorModule = fileURLToPath(new URL('../../dist/test/fixtures/acme/vendor.js', import.meta.url));
const sourceRoot = fileURLToPath(new URL('../../src/', import.meta.url));
const InventorySchema = v.object({tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string()}))});
const SecretLineSchema = v.object({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});
const account = 'acme-account-1';

const startServer = useLoopbackServers();
let simulator: AcmeSimulator;
let server: RunningSimulatorServer;
let directory = '';
let env: NodeJS.ProcessEnv = {};
/** Set by a test: the CLI to SIGKILL once the simulator has applied a rotate, before the answer reaches it. */
const crash: {victim: ChildProcess | null} = {victim: null};
/** Set by a test: the proxy answers a rotate with this status itself, and the simulator never sees it. */
const refuseRotate: {status: number | null} = {status: null};

beforeEach(async () => {
	simulator = createAcmeSimulator({tokens: 60});
	server = await startSimulatorServer(simulator);
	const proxy = await startServer(async (request, response) => forward(request, response));
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-plugin-'));
	env = {ACME_KEY: simulator.accounts()[0]?.apiKey ?? ''};
	// Relative to the config file, as a user would write it.
	const config = ['vendors:', `  - ${relative(directory, vendorModule)}`, 'accounts:', `  - name: ${account}`, '    provider: acme', `    baseUrl: ${proxy.url}`, '    apiKey: ${ACME_KEY}', ''].join('\n');
	await writeFile(join(directory, 'tokenkit.yaml'), config);
});

afterEach(async () => {
	crash.victim?.kill('SIGKILL');
	crash.victim = null;
	refuseRotate.status = null;
	await server.close();
});

async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
	const method = request.method ?? 'GET';
	const url = request.url ?? '/';
	if (refuseRotate.status !== null && method === 'POST' && url.endsWith('/rotate')) {
		response.writeHead(refuseRotate.status, {'content-type': 'application/json'});
		response.end(JSON.stringify({error: 'this key may not be rotated'}));
		return;
	}

	const headers = new Headers();
	if (typeof request.headers.authorization === 'string') {
		headers.set('authorization', request.headers.authorization);
	}

	const answer = await fetch(new URL(url, server.baseUrl), {method, headers});
	const payload = Buffer.from(await answer.arrayBuffer());
	if (crash.victim !== null && method === 'POST' && url.endsWith('/rotate')) {
		// The vendor has acted; the CLI dies before it hears of it.
		await kill(crash.victim);
		response.destroy();
		return;
	}

	response.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'application/json'});
	response.end(payload);
}

async function kill(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}

	const gone = new Promise<void>(resolve => {
		child.once('exit', () => {
			resolve();
		});
	});
	child.kill('SIGKILL');
	await gone;
}

async function run(argv: readonly string[]): Promise<Finished> {
	return tokenkit(argv, {cwd: directory, env});
}

async function inventory() {
	const result = await run(['inventory', '--format', 'json', '--quiet']);
	expect(result.code, result.stderr).toBe(0);
	return v.parse(InventorySchema, JSON.parse(result.stdout)).tokens;
}

function refOf(id: string): string {
	return `acme:${account}:${id}`;
}

async function oneKeyId(): Promise<string> {
	const [first] = await inventory();
	return first?.id ?? '';
}

describe('a vendor loaded from the config file\'s vendors: list', () => {
	it('lists every key, across pages, and audits them', async () => {
		const tokens = await inventory();
		expect(tokens).toHaveLength(60);
		expect(new Set(tokens.map(token => token.provider))).toEqual(new Set(['acme']));

		const audit = await run(['audit', '--format', 'json', '--quiet']);
		expect(audit.code, audit.stderr).toBe(0);
		const report = v.parse(v.looseObject({findings: v.array(v.looseObject({ref: v.string()}))}), JSON.parse(audit.stdout));
		expect(report.findings.length).toBeGreaterThan(0);
		expect(report.findings.every(finding => finding.ref.startsWith(`acme:${account}:`))).toBe(true);
	});

	it('rotates a key into a new id, and the old one is gone', async () => {
		const id = await oneKeyId();
		const rotated = await run(['rotate', refOf(id), '--secret-out', 'keys.jsonl', '--yes']);
		expect(rotated.code, rotated.stderr).toBe(0);
		const record = v.parse(SecretLineSchema, JSON.parse((await readFile(join(directory, 'keys.jsonl'), 'utf8')).trim()));
		expect(record.rotated).toBe(refOf(id));
		expect(record.ref).not.toBe(refOf(id));
		expect(simulator.allSecrets()).toContain(record.key);
		expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(record.key);
		const after = (await inventory()).map(token => token.id);
		expect(after).not.toContain(id);
		expect(after).toContain(record.ref.split(':')[2]);
		expect(simulator.rotations.get(id)).toBe(1);
	});

	it('refuses --grace before any change, exit 2, naming the REF and what the vendor does instead', async () => {
		const id = await oneKeyId();
		const refused = await run(['rotate', refOf(id), '--grace', '1h', '--secret-out', 'keys.jsonl', '--yes']);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain(`${refOf(id)}: --grace cannot be given`);
		expect(refused.stderr).toContain('revokes the old key at once');
		expect(simulator.rotations.size).toBe(0);
		expect(await readdir(directory)).toEqual(['tokenkit.yaml']);
	});

	it('lists its rotation in rotate --help when --config names it', async () => {
		const help = await run(['rotate', '--help', '--config', 'tokenkit.yaml']);
		expect(help.code, help.stderr).toBe(0);
		expect(help.stdout).toMatch(new RegExp(`\\n {2}Acme +${acmeRotation.summary.replaceAll(/[()]/g, String.raw`\$&`)}\\n`));
		expect(help.stdout).toContain('LaunchDarkly');
	});

	it('after a crash with the rotate applied but unanswered, never rotates again: the rerun says what to check, exit 1', async () => {
		const id = await oneKeyId();
		const argv = ['rotate', refOf(id), '--secret-out', 'keys.jsonl', '--yes'];
		const child = spawn(process.execPath, [cliPath, ...argv], {cwd: directory, env: {PATH: process.env.PATH, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
		crash.victim = child;
		const first = await finished(child);
		crash.victim = null;
		expect(first.code).toBeNull();
		expect(simulator.rotations.get(id)).toBe(1);

		const rerun = await run(argv);
		expect(rerun.code).toBe(1);
		const said = `${rerun.stdout}${rerun.stderr}`;
		expect(said).toContain(`FAILED  ${refOf(id)}: not rotated again, because a rotate started at`);
		expect(said).toContain(acmeRotation.afterCrash({name: undefined, startedAt: '', ref: null, gracePeriodMs: 0}).split('. ')[1] ?? 'unreachable');
		expect(simulator.rotations.get(id)).toBe(1);
		expect([...simulator.rotations.values()]).toEqual([1]);
	});

	// The vendor module's errors are the tokenkit library's it imports, another copy than the bundled command's: the
	// command tells them by their brand, as its own.
	it('refuses, exit 2, an account whose options the vendor module rejects with its ConfigError', async () => {
		await writeFile(join(directory, 'tokenkit.yaml'), [...(await readFile(join(directory, 'tokenkit.yaml'), 'utf8')).trimEnd().split('\n'), '    colour: blue', ''].join('\n'));
		const result = await run(['inventory', '--format', 'json']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^tokenkit: \[tokenkit:acme\] \S+tokenkit\.yaml:\d+: account "acme-account-1": unknown field "colour" for provider acme/);
		expect(result.stderr).not.toContain('unexpected error');
		expect(result.stdout).toBe('');
	});

	it('says a rotate the vendor refused (403) changed nothing, and the old key works as before', async () => {
		const id = await oneKeyId();
		refuseRotate.status = 403;
		const refused = await run(['rotate', refOf(id), '--secret-out', 'keys.jsonl', '--yes']);
		expect(refused.code).toBe(1);
		expect(`${refused.stdout}${refused.stderr}`).toContain('Nothing was changed; the old key works as before');
		expect(simulator.rotations.size).toBe(0);
		expect(await inventory()).toContainEqual(expect.objectContaining({id}));
	});

	it.each([
		['cannot be loaded', './missing-vendor.js', 'cannot be loaded'],
		['exports no vendor definition', './not-a-vendor.js', 'does not export a vendor definition as its default export or as "vendor" ("title" is not a non-empty string)'],
		['takes a built-in vendor\'s name', './fake-mist.js', 'defines the vendor "mist", a name already taken'],
	])('refuses, exit 2, a vendor module that %s, naming the file and line', async (_label, entry, reason) => {
		await writeFile(join(directory, 'not-a-vendor.js'), 'export default {name: \'half\'};\n');
		await writeFile(join(directory, 'fake-mist.js'), `import acme from ${JSON.stringify(vendorModule)};\nexport const vendor = {...acme, name: 'mist'};\n`);
		const config = ['accounts:', `  - name: ${account}`, '    provider: acme', '    apiKey: x', 'vendors:', '  - ./first-is-fine.js', `  - ${entry}`, ''].join('\n');
		await writeFile(join(directory, 'first-is-fine.js'), `export {default} from ${JSON.stringify(vendorModule)};\n`);
		await writeFile(join(directory, 'tokenkit.yaml'), config);

		const result = await run(['inventory', '--format', 'json']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`tokenkit.yaml:7: vendor module ${join(directory, entry)}`);
		expect(result.stderr).toContain(reason);
		expect(result.stdout).toBe('');
	});

	it('needed no line of tokenkit\'s own source that names it', async () => {
		const files = await readdir(sourceRoot, {recursive: true});
		const naming: string[] = [];
		for (const file of files.filter(name => name.endsWith('.ts'))) {
			if (/acme/i.test(await readFile(join(sourceRoot, file), 'utf8'))) {
				naming.push(file);
			}
		}

		expect(naming).toEqual([]);
		expect(existsSync(vendorModule)).toBe(true);
	});
});
