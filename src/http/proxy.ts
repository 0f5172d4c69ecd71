import type {EnvHttpProxyAgent} from 'undici';
import type {Environment} from '../environment.js';

export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const proxyVariables = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/**
Node's built-in fetch ignores HTTPS_PROXY and NO_PROXY. When one of the proxy variables is set, this
returns a fetch that routes through undici's EnvHttpProxyAgent, which reads HTTP_PROXY, HTTPS_PROXY and
NO_PROXY the way curl does. Returns undefined when no proxy is configured, so the plain fetch is used.

undici is loaded on the first request through a proxy, not before: it is a second HTTP stack beside the one
inside Node, and loading it would cost every run without a proxy memory (about 6 MB) and startup time.
*/
export function fetchFromProxyEnvironment(environment: Environment): FetchFunction | undefined {
	if (!proxyVariables.some(name => (environment[name] ?? '') !== '')) {
		return undefined;
	}

	const httpProxy = environment.HTTP_PROXY ?? environment.http_proxy;
	const httpsProxy = environment.HTTPS_PROXY ?? environment.https_proxy ?? httpProxy;
	const noProxy = environment.NO_PROXY ?? environment.no_proxy;
	// All three are always passed: undici falls back to process.env for any that is missing, which would
	// let a variable outside `environment` (a NO_PROXY of the test runner, say) decide the route.
	const agentOptions = {httpProxy: httpProxy ?? '', httpsProxy: httpsProxy ?? '', noProxy: noProxy ?? ''};
	let dispatcher: EnvHttpProxyAgent | undefined;

	// undici's fetch and the global one have separate Request/Response classes, so the request is passed
	// over field by field and the response rebuilt as a global Response that streams the same body.
	return async (input, init) => {
		const request = new Request(input, init);
		const undici = await import('undici');
		dispatcher ??= new undici.EnvHttpProxyAgent(agentOptions);
		const response = await undici.fetch(request.url, {
			method: request.method,
			headers: [...request.headers],
			...(request.body === null ? {} : {body: await request.arrayBuffer()}),
			signal: request.signal,
			redirect: request.redirect,
			dispatcher,
		});
		return new Response(response.body, {status: response.status, statusText: response.statusText, headers: [...response.headers]});
	};
}
