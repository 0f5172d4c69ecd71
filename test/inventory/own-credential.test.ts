import {afterEach, describe, expect, it} from 'vitest';
import {builtInVendors} from '../../providers/index.js';
import {startSimulators} from '../../providers/simulators.js';
import {applyRotation} from '../../src/inventory/rotate/apply.js';
import {describePlanned} from '../../src/inventory/rotate/describe.js';
import {planRotation} from '../../src/inventory/rotate/plan.js';
import {formatRef} from '../../src/inventory/rotate/ref.js';
import {revokeTokens} from '../../src/inventory/rotate/revoke.js';
import type {TokenProvider} from '../../src/provider.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import type {Token} from '../../src/token.js';
import {collect} from '../support/collect.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

/** The name each simulator gives the token whose key its config entries hand out. */
/**
The credential each simulator seeds for its accounts. GitHub is absent: tokenkit signs in there as an App, whose
installation token is none of the org's PAT grants, so no token it lists is the credential.
*/
const credentialNames: Readonly<Record<string, string>> = {mist: 'tokenkit-admin', opal: 'tokenkit-admin', launchdarkly: 'tokenkit-sim-admin', gitlab: 'tokenkit-sim-admin', cloudflare: 'tokenkit-admin', okta: 'tokenkit-admin', datadog: 'tokenkit-admin', openai: 'tokenkit-admin'};

/** Datadog signs in with two keys, an API key and an application key, each listed and marked (both named `tokenkit-admin`). */
const credentialCounts: Readonly<Record<string, number>> = {datadog: 2};

/**
The credential's name for one simulated account: Cloudflare's user-scope entries sign in with the user's own key;
an Okta org's client-secret entry lists secrets, none of which is the API token it signs in with.
*/
function credentialNameOf(provider: TokenProvider): string | undefined {
	if (provider.provider === 'okta' && provider.account.endsWith('-apps')) {
		return undefined;
	}

	return provider.provider === 'cloudflare' && provider.account.startsWith('cloudflare-user-') ? 'tokenkit-user-admin' : credentialNames[provider.provider];
}

/** Every simulated account, as a provider built the way a config file builds it. */
async function simulatedProviders(): Promise<TokenProvider[]> {
	const simulators = await startSimulators({accounts: 1, tokens: 6, rateLimits: false});
	running.push(simulators);
	return simulators.vendors.flatMap(vendor => vendor.configEntries()).map(({name = '', provider = '', apiKey = '', baseUrl, ...options}) => {
		const vendor = builtInVendors.find(candidate => candidate.name === provider);
		if (vendor === undefined) {
			throw new Error(`no vendor ${provider}`);
		}

		return vendor.createProvider({name, provider, apiKey, baseUrl, options, where: 'test'}, {});
	});
}

function vendorOf(providers: readonly TokenProvider[], name: string): TokenProvider {
	const found = providers.find(provider => provider.provider === name);
	if (found === undefined) {
		throw new Error(`no ${name} provider`);
	}

	return found;
}

function named(tokens: readonly Token[], name: string): Token {
	const found = tokens.find(token => token.name === name);
	if (found === undefined) {
		throw new Error(`no token named ${name}`);
	}

	return found;
}

describe('the account\'s own credential', () => {
	it('is marked in each vendor\'s listing and read, and no other token is', async () => {
		for (const provider of await simulatedProviders()) {
			const tokens = await collect(provider.list());
			const credentialName = credentialNameOf(provider);
			if (credentialName === undefined) {
				expect(tokens.filter(token => token.ownCredential), provider.provider).toEqual([]);
				continue;
			}

			expect(tokens.filter(token => token.ownCredential).map(token => token.name), provider.provider).toEqual(Array.from({length: credentialCounts[provider.provider] ?? 1}, () => credentialName));
			const own = named(tokens, credentialName);
			expect((await provider.get(own.id)).ownCredential, provider.provider).toBe(true);
			const other = tokens.find(token => !token.ownCredential);
			expect((await provider.get(other?.id ?? '')).ownCredential, provider.provider).toBe(false);
		}
	});

	it('is refused by a rotation plan unless asked for, and then comes last, with the warning', async () => {
		const providers = await simulatedProviders();
		const tokens = await collect(vendorOf(providers, 'mist').list());
		const own = named(tokens, 'tokenkit-admin');
		const other = tokens.find(token => !token.name.startsWith('tokenkit-'));
		const refs = [formatRef(own), formatRef(other ?? own)];

		const refused = await planRotation(refs, providers);
		expect(refused.items.map(item => item.action)).toEqual(['rotate', 'refused']);
		expect(refused.items.map(item => describePlanned(item)).at(-1)).toContain(`this is the key tokenkit authenticates with for ${own.account}`);
		const outcomes = await applyRotation(refused, {onMinted: async () => Promise.resolve()});
		expect(outcomes.map(outcome => (outcome.status === 'failed' ? outcome.state : outcome.status))).toEqual(['rotated', 'refused']);

		const included = await planRotation([formatRef(own), formatRef(tokens.find(token => token.id !== own.id && token.id !== other?.id) ?? own)], providers, {includeOwnCredential: true});
		expect(included.items.map(item => [item.action, item.ref.id])).toEqual([['rotate', expect.any(String)], ['rotate', own.id]]);
		expect(included.items.map(item => describePlanned(item)).at(-1)).toMatch(/Warning: this is the key tokenkit authenticates with for mist-org-1: after this, the config holds a dead key/);
	});

	it('is refused by revokeTokens unless asked for, and then deleted after every other REF', async () => {
		const providers = await simulatedProviders();
		const tokens = await collect(vendorOf(providers, 'opal').list());
		const own = named(tokens, 'tokenkit-admin');
		const others = tokens.filter(token => !token.name.startsWith('tokenkit-')).slice(0, 2);

		const refused = await revokeTokens([formatRef(own), formatRef(others[0] ?? own)], providers);
		expect(refused.map(outcome => [outcome.status, outcome.ref.id])).toEqual([['revoked', others[0]?.id], ['refused', own.id]]);
		expect(refused[1]).toMatchObject({reason: expect.stringContaining('cuts off tokenkit\'s access') as unknown});

		const deleted: string[] = [];
		const included = await revokeTokens([formatRef(own), formatRef(others[1] ?? own)], providers, {
			includeOwnCredential: true,
			onOutcome(outcome) {
				deleted.push(outcome.ref.id);
			},
		});
		expect(deleted).toEqual([others[1]?.id, own.id]);
		expect(included.map(outcome => outcome.status)).toEqual(['revoked', 'revoked']);
	});
});
