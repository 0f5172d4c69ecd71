import {fetchFromProxyEnvironment, type FetchFunction} from '../../src/http/proxy.js';

/**
GitHub says "rate limited" with a 403 as often as with a 429 (docs/vendors/github.md, rate limits [D]): a primary limit
answers with `x-ratelimit-remaining: 0` and the reset in `x-ratelimit-reset` (epoch seconds), a secondary one with
`retry-after` in seconds. tokenkit's one retry policy waits and retries a 429 and never a 403, so this fetch hands such
a 403 on as the 429 it means, with its headers and body untouched: the wait then follows `retry-after`, else the reset,
and a 403 that is a real refusal (no permission) stays final.

Read from the headers alone, as GitHub's own guidance does, so the body is never read twice.
*/
export function withGitHubRateLimitAnswers(base: FetchFunction | undefined): FetchFunction {
	const send: FetchFunction = base ?? fetchFromProxyEnvironment(process.env) ?? fetch;
	return async (input, init) => {
		const response = await send(input, init);
		if (response.status !== 403 || !isRateLimitAnswer(response.headers)) {
			return response;
		}

		return new Response(response.body, {status: 429, statusText: 'Too Many Requests', headers: response.headers});
	};
}

/** A 403 that carries GitHub's rate-limit signals: no requests left, or a wait to keep. */
export function isRateLimitAnswer(headers: Headers): boolean {
	return headers.get('x-ratelimit-remaining')?.trim() === '0' || headers.has('retry-after');
}
