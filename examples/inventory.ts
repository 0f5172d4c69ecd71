/**
An inventory script of your own, over every vendor at once: it lists every token and prints the risky ones
(admin and unrestricted, never used, unused for 90 days, already expired).

Run it against your accounts by setting the keys in the environment:
  MIST_API_TOKEN + MIST_ORG_ID (+ MIST_CLOUD), OPAL_API_KEY, LD_API_KEY
or with none of them set, against tokenkit's built-in simulators:
  npm run build && node dist/examples/inventory.js

In your own project, import from 'tokenkit' instead of '../src/index.js', and from 'tokenkit/simulators'
instead of '../src/simulators.js'.
*/
import {pathToFileURL} from 'node:url';
import {
	collectInventory,
	createLaunchDarklyProvider,
	createMistProvider,
	createOpalProvider,
	type Token,
	type TokenProvider,
} from '../src/index.js';
import {startSimulators} from '../src/simulators.js';

const day = 86_400_000;

/** Why a token deserves a look; empty when it does not. */
export function risks(token: Token, now: number): string[] {
	const found: string[] = [];
	if (token.admin && token.allowedIps?.length === 0) {
		found.push('admin and usable from any address');
	}

	if (token.lastUsedAt === null) {
		found.push('never used');
	} else if (now - token.lastUsedAt.getTime() > 90 * day) {
		found.push(`unused for ${Math.floor((now - token.lastUsedAt.getTime()) / day)} days`);
	}

	if (token.expiresAt !== null && token.expiresAt.getTime() <= now) {
		found.push('expired but still present');
	}

	return found;
}

/** Lists every account and returns one line per risky token, plus one per account that could not be listed. */
export async function report(providers: readonly TokenProvider[], now = Date.now()): Promise<string[]> {
	const lines: string[] = [];
	for await (const event of collectInventory(providers)) {
		if (event.type === 'token') {
			const found = risks(event.token, now);
			if (found.length > 0) {
				lines.push(`${event.token.provider}:${event.token.account}:${event.token.id} "${event.token.name}": ${found.join(', ')}`);
			}
		} else if (event.type === 'account-failed') {
			lines.push(`could not list ${event.provider}:${event.account}: ${event.error.message}`);
		}
	}

	return lines;
}

function providersFromEnvironment(env: NodeJS.ProcessEnv): TokenProvider[] {
	const providers: TokenProvider[] = [];
	if (env.MIST_API_TOKEN !== undefined && env.MIST_ORG_ID !== undefined) {
		providers.push(createMistProvider({apiKey: env.MIST_API_TOKEN, orgId: env.MIST_ORG_ID, cloud: env.MIST_CLOUD ?? 'global01', account: 'mist'}));
	}

	if (env.OPAL_API_KEY !== undefined) {
		providers.push(createOpalProvider({apiKey: env.OPAL_API_KEY, account: 'opal'}));
	}

	if (env.LD_API_KEY !== undefined) {
		providers.push(createLaunchDarklyProvider({apiKey: env.LD_API_KEY, account: 'launchdarkly'}));
	}

	return providers;
}

async function main(): Promise<void> {
	const fromEnvironment = providersFromEnvironment(process.env);
	const simulators = fromEnvironment.length === 0 ? await startSimulators() : undefined;
	try {
		const providers = simulators === undefined
			? fromEnvironment
			: [
				...simulators.get('mist').accounts().map(account => createMistProvider({apiKey: account.apiKey, orgId: account.id, baseUrl: simulators.get('mist').baseUrl, account: account.name})),
				...simulators.get('opal').accounts().map(account => createOpalProvider({apiKey: account.apiKey, baseUrl: simulators.get('opal').baseUrl, account: account.name})),
				...simulators.get('launchdarkly').accounts().map(account => createLaunchDarklyProvider({apiKey: account.apiKey, baseUrl: simulators.get('launchdarkly').baseUrl, account: account.name})),
			];
		for (const line of await report(providers)) {
			console.log(line);
		}
	} finally {
		await simulators?.close();
	}
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	await main();
}
