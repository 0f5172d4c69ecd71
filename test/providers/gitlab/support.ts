import {createGitLabProvider, type GitLabProvider, type GitLabProviderOptions} from '../../../providers/gitlab/index.js';
import {createGitLabSimulator, type GitLabKeyRole, type GitLabSimulator, type GitLabSimulatorOptions} from '../../../providers/gitlab/simulator.js';
import type {HttpEvent} from '../../../src/http/options.js';
import type {RunningSimulatorServer, SimulatorServerOptions} from '../../../src/simulate/server.js';
import {useSimulatorServers} from '../../support/simulator-servers.js';

/** A fixed instant (2026-06-15T12:00:00Z), so seeded data, dates and rate-limit windows are the same on every run. */
export const start = Date.UTC(2026, 5, 15, 12);

export const instance1 = 'gitlab-instance-1';
export const instance2 = 'gitlab-instance-2';

export interface Answer {
	readonly status: number;
	readonly headers: Headers;
	readonly body: unknown;
	readonly text: string;
}

export interface Running {
	readonly simulator: GitLabSimulator;
	readonly server: RunningSimulatorServer;
	readonly url: string;
	/** A provider for `role`'s key of `instance` (default: the administrator of instance 1), with every HTTP event recorded. */
	provider(options?: Partial<GitLabProviderOptions> & {readonly role?: GitLabKeyRole; readonly instance?: string}): {readonly provider: GitLabProvider; readonly events: HttpEvent[]};
	/** One request with `role`'s key of instance 1 in `PRIVATE-TOKEN` (none when `key` is null). */
	request(method: string, path: string, init?: {readonly key?: string | null; readonly body?: unknown}): Promise<Answer>;
}

/** Registers an afterEach that closes every server the returned function starts. */
export function useGitLab(): (options?: GitLabSimulatorOptions, server?: SimulatorServerOptions) => Promise<Running> {
	const serve = useSimulatorServers();
	return async (options = {}, serverOptions = {}) => {
		const simulator = createGitLabSimulator({now: () => start, rateLimit: false, ...options});
		const {server} = await serve(simulator, serverOptions);
		const url = server.baseUrl;
		return {
			simulator,
			server,
			url,
			provider({role = 'admin', instance = instance1, ...rest} = {}) {
				const events: HttpEvent[] = [];
				const provider = createGitLabProvider({
					apiKey: simulator.keyFor(instance, role),
					baseUrl: url,
					account: `gl-${role}`,
					now: () => start,
					retry: {baseDelay: 5},
					random: () => 0,
					onEvent: event => events.push(event),
					...rest,
				});
				return {provider, events};
			},
			async request(method, path, init = {}) {
				const key = init.key === undefined ? simulator.keyFor(instance1) : init.key;
				const response = await fetch(`${url}${path}`, {
					method,
					headers: {...(key === null ? {} : {'PRIVATE-TOKEN': key}), ...(init.body === undefined ? {} : {'content-type': 'application/json'})},
					...(init.body === undefined ? {} : {body: JSON.stringify(init.body)}),
				});
				const text = await response.text();
				let body: unknown;
				try {
					body = text === '' ? undefined : JSON.parse(text);
				} catch {
					body = undefined;
				}

				return {status: response.status, headers: response.headers, body, text};
			},
		};
	};
}
