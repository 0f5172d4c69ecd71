import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, readFile, stat, writeFile} from 'node:fs/promises';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterEach} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {startSimulators} from '../../providers/simulators.js';
import type {MintedToken, TokenProvider} from '../../src/provider.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {cliPath, finished, type Finished} from '../e2e/built-cli.js';
import {useLoopbackServers, type LoopbackServer} from '../support/loopback-server.js';

/*
The rig for crash tests: vendor simulators in this process, the built `tokenkit` in child processes, and between
them one loopback proxy per vendor that forwards every request unless the test's rule says otherwise: kill the
CLI before forwarding (the request never reaches the vendor), kill it once the vendor has answered (the vendor
acted, the CLI never learns of it), answer 503 itself, or hold the request until released.
*/

/** What the proxy does with one request. */
export type ProxyAction = 'forward' | 'kill-before' | 'kill-after' | 'fail' | 'hold';

export interface ProxiedRequest {
	readonly vendor: string;
	readonly method: string;
	/** Path and query. */
	readonly url: string;
}

export type ProxyRule = (request: ProxiedRequest) => ProxyAction;

export interface CliChild {
	readonly child: ChildProcess;
	readonly done: Promise<Finished>;
	/** Everything the child wrote to stderr so far. */
	stderr(): string;
}

const SecretLineSchema = v.strictObject({ref: v.string(), rotated: v.string(), name: v.string(), key: v.string()});
const JournalRecordSchema = v.looseObject({step: v.optional(v.string()), journal: v.optional(v.string())});
const MistTokenListSchema = v.array(v.looseObject({id: v.string(), name: v.string()}));

export const mistAccount = 'mist-org-1';
export const ldAccount = 'launchdarkly-account-1';

const hopHeaders = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding']);

/** Starts a rig; call at the top of a test file, so its servers close after each test. */
export function useRig() {
	const startServer = useLoopbackServers();
	const running: RunningSimulators[] = [];
	const children: ChildProcess[] = [];
	afterEach(async () => {
		for (const child of children.splice(0)) {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGKILL');
			}
		}

		await Promise.all(running.splice(0).map(async simulators => simulators.close()));
	});

	return async function startRig() {
		const simulators = await startSimulators({vendors: ['mist', 'launchdarkly'], tokens: 2, rateLimits: false});
		running.push(simulators);
		const state: {rule: ProxyRule; victim: ChildProcess | null; held: Array<() => void>} = {rule: () => 'forward', victim: null, held: []};
		const proxies = new Map<string, LoopbackServer>();
		for (const vendor of ['mist', 'launchdarkly']) {
			const base = simulators.get(vendor).baseUrl;
			proxies.set(vendor, await startServer(async (request, response) => {
				await proxy(vendor, base, request, response, state);
			}));
		}

		const entries = simulators.vendors.flatMap(running => running.configEntries());
		const env: NodeJS.ProcessEnv = {};
		const config = entries.map((entry, index) => {
			env[`KEY_${index}`] = entry.apiKey;
			return {...entry, apiKey: `\${KEY_${index}}`, baseUrl: proxies.get(entry.provider ?? '')?.url.replace(/\/$/, '')};
		});
		const directory = await mkdtemp(join(tmpdir(), 'tokenkit-crash-'));
		await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts: config}, null, 2));

		const provider = (account: string): TokenProvider => {
			const entry = entries.find(candidate => candidate.name === account);
			const vendor = builtInVendors.find(candidate => candidate.name === entry?.provider);
			if (entry === undefined || vendor === undefined) {
				throw new Error(`no account ${account}`);
			}

			const {name = '', provider: providerName = '', apiKey = '', baseUrl, ...options} = entry;
			return vendor.createProvider({name, provider: providerName, apiKey, baseUrl, options, where: 'test'}, {});
		};
		const mistEntry = v.parse(v.object({orgId: v.string(), apiKey: v.string()}), entries.find(entry => entry.name === mistAccount));

		return {
			simulators,
			directory,
			/** Sets what the proxies do from now on. */
			setRule(rule: ProxyRule) {
				state.rule = rule;
			},
			/** Lets every held request through. */
			release() {
				for (const go of state.held.splice(0)) {
					go();
				}
			},
			heldCount: () => state.held.length,
			/** What reached the proxies (and so was sent by a CLI), across vendors, in order. */
			requests(vendor: string) {
				return proxies.get(vendor)?.requests ?? [];
			},
			/** Starts the built CLI; the proxies' kill actions kill the latest one started. */
			start(argv: readonly string[]): CliChild {
				const child = spawn(process.execPath, [cliPath, ...argv], {cwd: directory, env: {PATH: process.env.PATH, ...env}, stdio: ['ignore', 'pipe', 'pipe']});
				children.push(child);
				state.victim = child;
				const err: Buffer[] = [];
				child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
				return {child, done: finished(child), stderr: () => Buffer.concat(err).toString('utf8')};
			},
			async run(argv: readonly string[]): Promise<Finished> {
				return this.start(argv).done;
			},
			/** Mints a token at the simulator directly (not through the proxies), so the test holds its key. */
			async mint(account: string, input: Parameters<TokenProvider['create']>[0]): Promise<MintedToken> {
				return provider(account).create(input);
			},
			/** The org's tokens as Mist lists them, read past the proxies. */
			async mistTokens() {
				const response = await fetch(new URL(`/api/v1/orgs/${mistEntry.orgId}/apitokens`, simulators.get('mist').baseUrl), {headers: {authorization: `Token ${mistEntry.apiKey}`}});
				return v.parse(MistTokenListSchema, await response.json());
			},
			/** The status of a call made with `key`: what Mist says about the org's tokens to their holder. */
			async mistKeyStatus(key: string): Promise<number> {
				const response = await fetch(new URL(`/api/v1/orgs/${mistEntry.orgId}/apitokens`, simulators.get('mist').baseUrl), {headers: {authorization: `Token ${key}`}});
				await response.arrayBuffer();
				return response.status;
			},
			async launchDarklyKeyStatus(key: string): Promise<number> {
				const response = await fetch(new URL('/api/v2/tokens?limit=1', simulators.get('launchdarkly').baseUrl), {headers: {authorization: key, 'ld-api-version': '20240415'}});
				await response.arrayBuffer();
				return response.status;
			},
		};
	};
}

export type Rig = Awaited<ReturnType<ReturnType<typeof useRig>>>;

async function proxy(vendor: string, base: string, request: IncomingMessage, response: ServerResponse, state: {rule: ProxyRule; victim: ChildProcess | null; held: Array<() => void>}): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	}

	const method = request.method ?? 'GET';
	const url = request.url ?? '/';
	const action = state.rule({vendor, method, url});
	if (action === 'kill-before') {
		await kill(state.victim);
		response.destroy();
		return;
	}

	if (action === 'fail') {
		// An outage (503) with Retry-After: 0, so the CLI's retries run at once instead of waiting out a backoff.
		response.writeHead(503, {'content-type': 'application/json', 'retry-after': '0'});
		response.end(JSON.stringify({detail: 'simulated outage'}));
		return;
	}

	if (action === 'hold') {
		await new Promise<void>(resolve => {
			state.held.push(resolve);
		});
	}

	const headers = new Headers();
	for (const [name, value] of Object.entries(request.headers)) {
		if (!hopHeaders.has(name) && value !== undefined) {
			headers.set(name, Array.isArray(value) ? value.join(', ') : value);
		}
	}

	const body = Buffer.concat(chunks);
	const answer = await fetch(new URL(url, base), {method, headers, ...(body.length > 0 ? {body} : {})});
	const payload = Buffer.from(await answer.arrayBuffer());
	if (action === 'kill-after') {
		// The vendor has acted; the CLI dies before it hears of it.
		await kill(state.victim);
		response.destroy();
		return;
	}

	const outgoing: Record<string, string> = {};
	answer.headers.forEach((value, name) => {
		if (!hopHeaders.has(name)) {
			outgoing[name] = value;
		}
	});
	response.writeHead(answer.status, outgoing);
	response.end(payload);
}

/** SIGKILLs the child and waits until it is gone (reaped), so nothing it does can follow. */
async function kill(child: ChildProcess | null): Promise<void> {
	if (child === null || child.exitCode !== null || child.signalCode !== null) {
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

/** The records of a secret file. */
export async function secretLines(path: string) {
	const text = await readFile(path, 'utf8');
	return text.split('\n').filter(line => line !== '').map(line => v.parse(SecretLineSchema, JSON.parse(line)));
}

/** The `step` of each record of a journal, the header as `header`. */
export async function journalSteps(path: string): Promise<string[]> {
	const text = await readFile(path, 'utf8');
	return text.split('\n').filter(line => line !== '').map(line => {
		const record = v.parse(JournalRecordSchema, JSON.parse(line));
		return record.step ?? (record.journal === undefined ? '?' : 'header');
	});
}

export async function mode(path: string): Promise<number> {
	return (await stat(path)).mode & 0o777;
}

/** Fails when any of `secrets` appears in any of `texts`. */
export function leaked(texts: readonly string[], secrets: readonly string[]): string[] {
	return secrets.filter(secret => texts.some(text => text.includes(secret)));
}
