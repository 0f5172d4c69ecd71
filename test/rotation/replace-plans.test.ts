import {describe, expect, it} from 'vitest';
import {datadogRotation} from '../../providers/datadog/rotation.js';
import {openAIRotation} from '../../providers/openai/rotation.js';

describe('replace plans of vendors whose old key tokenkit deletes', () => {
	it.each([
		['Datadog', datadogRotation, /^a new key with the same name and scopes .*; the old key keeps working until it is deleted, due 2h later with: tokenkit revoke x$/],
		['OpenAI', openAIRotation, /^OpenAI mints a key with the same name and lifetime .*; the old key keeps working until it is revoked, due 2h later with: tokenkit revoke x$/],
	])('%s: with a grace period, the old key is left for the revoke command', (_vendor, strategy, plan) => {
		expect(strategy.describePlan({state: 'pending-revocation', gracePeriod: 7_200_000}, 'tokenkit revoke x')).toMatch(plan);
	});

	it.each([
		['Datadog', datadogRotation, /^a new key with the same name and scopes .*written to the secret target; then the old key is deleted$/],
		['OpenAI', openAIRotation, /^OpenAI mints a key .*written to the secret target; then the old key is deleted$/],
	])('%s: without one, the old key is deleted once the new key is stored', (_vendor, strategy, plan) => {
		expect(strategy.describePlan({state: 'revoked-after-store'}, 'tokenkit revoke x')).toMatch(plan);
	});
});
