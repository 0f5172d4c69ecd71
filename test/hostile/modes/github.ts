import {json, type HostileMode, type HostileRequest, type VendorAnswer} from '../vendor.js';

/*
A GitHub that stands behind another host, echoes the credentials it was sent, or loses the answer to a revoke. Each
mode keeps every credential it saw (App JWTs and installation tokens), so a test can search for them as well as for
the keys the simulator knows.
*/

export interface GitHubMode {
	readonly mode: HostileMode;
	/** Every credential a request carried, without its scheme. */
	readonly credentials: Set<string>;
	/** Every request that reached the mode. */
	readonly requests: HostileRequest[];
}

function credentialOf(request: HostileRequest): string {
	return (request.headers.authorization ?? '').replace(/^(?:token|bearer)\s+/i, '');
}

/**
The `Link` header names the host the simulator was reached at; a client of this server must be sent back here, as
GitHub sends its clients back to itself.
*/
function linkedHere(request: HostileRequest, answer: VendorAnswer): VendorAnswer {
	const link = answer.headers['link'];
	const host = request.headers.host;
	if (link === undefined || host === undefined) {
		return answer;
	}

	return {...answer, headers: {...answer.headers, link: link.replaceAll(/http:\/\/[^/]+\//g, `http://${host}/`)}};
}

function recording(handle: (request: HostileRequest, forward: () => Promise<VendorAnswer>, index: number) => Promise<VendorAnswer | 'sent'>): GitHubMode {
	const credentials = new Set<string>();
	const requests: HostileRequest[] = [];
	return {
		credentials,
		requests,
		mode: async exchange => {
			requests.push(exchange.request);
			const credential = credentialOf(exchange.request);
			if (credential !== '') {
				credentials.add(credential);
			}

			return handle(exchange.request, async () => linkedHere(exchange.request, await exchange.forward()), exchange.index);
		},
	};
}

/** Forwards everything, with the links pointing here. */
export function gitHubPassThrough(): GitHubMode {
	return recording(async (_request, forward) => forward());
}

/**
Echoes what it was sent: the JWT of the installation lookup comes back as the request id of its answer, and every
grant listing fails with a 403 whose message holds the installation token whole, in part, and base64-encoded.
*/
export function gitHubEchoesCredentials(): GitHubMode {
	return recording(async (request, forward) => {
		const credential = credentialOf(request);
		if (request.pathname.endsWith('/installation') || request.pathname.endsWith('/access_tokens')) {
			const answer = await forward();
			return {...answer, headers: {...answer.headers, 'x-github-request-id': credential.slice(0, 90)}};
		}

		if (request.pathname.endsWith('/personal-access-tokens') && request.method === 'GET') {
			return json(403, {message: `Resource not accessible by integration (token ${credential}, ${credential.slice(4, 20)}, ${Buffer.from(credential).toString('base64')})`, status: '403'}, {'x-github-request-id': credential.slice(-30)});
		}

		return forward();
	});
}

/** The first revoke of one grant is cut off by a connection reset after it arrived: whether GitHub acted is unknown. */
export function gitHubLosesRevoke(): GitHubMode {
	let cut = false;
	return recording(async (request, forward) => {
		if (!cut && request.method === 'POST' && /\/personal-access-tokens\/\d+$/.test(request.pathname)) {
			cut = true;
			await forward();
			return json(502, {message: 'Server Error'});
		}

		return forward();
	});
}
