import {describe, expect, it} from 'vitest';
import {createLaunchDarklyProvider} from '../../providers/launchdarkly/index.js';
import {RateLimitError} from '../../src/errors/index.js';
import {sendJson, useLoopbackServers} from '../support/loopback-server.js';

const start = useLoopbackServers();

describe('a rotation whose strategy is not retry-safe', () => {
	it('sends the vendor\'s mint call once, even after a 429 that invites another try', async () => {
		const server = await start((_request, response) => {
			sendJson(response, 429, {code: 'rate_limited', message: 'slow down'}, {'retry-after': '0'});
		});
		const ld = createLaunchDarklyProvider({apiKey: 'api-0000', baseUrl: server.url, account: 'ld', retry: {baseDelay: 1}});
		expect(ld.capabilities.rotation?.retrySafe).toBe(false);

		await expect(ld.rotate('t1')).rejects.toBeInstanceOf(RateLimitError);

		expect(server.requests.map(request => `${request.method} ${request.url}`)).toEqual(['POST /api/v2/tokens/t1/reset']);
	});
});
