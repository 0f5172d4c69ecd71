import {AccessTokensApi, Configuration} from 'launchdarkly-api-typescript';

export interface OfficialClientResult {
	readonly tokens: number;
	readonly requests: number;
}

/**
LaunchDarkly's own TypeScript client, used the way its API invites: `getTokens(showAll, limit, offset)` one
page after another at the largest page, until `totalCount` is reached. Only `basePath` points it at the
simulator (see test/providers/launchdarkly/official-client.test.ts).
*/
export async function listWithOfficialClient(account: {readonly apiKey: string; readonly baseUrl: string}, signal: AbortSignal): Promise<OfficialClientResult> {
	const api = new AccessTokensApi(new Configuration({apiKey: account.apiKey, basePath: account.baseUrl}));
	let tokens = 0;
	let requests = 0;
	for (;;) {
		const {data} = await api.getTokens(true, 1000, tokens, {signal});
		requests++;
		const items = data.items ?? [];
		tokens += items.length;
		if (items.length === 0 || tokens >= (data.totalCount ?? 0)) {
			return {tokens, requests};
		}
	}
}
