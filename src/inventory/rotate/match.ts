import {ConfigError} from '../../errors/index.js';
import type {TokenProvider} from '../../provider.js';
import {formatRef, toRef, type RefInput, type TokenRef} from './ref.js';

/** A REF and the provider instance that manages its account. */
export interface MatchedRef {
	readonly ref: TokenRef;
	readonly provider: TokenProvider;
}

/**
Finds the provider of every REF, before anything is sent: a REF that names no given account, or the same
token twice (which would rotate it twice), is a ConfigError and nothing happens.
*/
export function matchRefs(inputs: readonly RefInput[], providers: readonly TokenProvider[]): MatchedRef[] {
	if (inputs.length === 0) {
		throw new ConfigError('no token REF given; name each token as provider:account:id');
	}

	const seen = new Set<string>();
	return inputs.map(input => {
		const ref = toRef(input);
		const text = formatRef(ref);
		if (seen.has(text)) {
			throw new ConfigError(`${text} is named twice; name each token once`);
		}

		seen.add(text);
		const provider = providers.find(candidate => candidate.provider === ref.provider && candidate.account === ref.account);
		if (provider === undefined) {
			const known = providers.map(candidate => `${candidate.provider}:${candidate.account}`).join(', ');
			throw new ConfigError(`${text}: no ${ref.provider} account "${ref.account}" is configured (configured: ${known === '' ? 'none' : known})`);
		}

		return {ref, provider};
	});
}
