import {NotFoundError} from '../../errors/index.js';
import type {CallOptions, TokenProvider} from '../../provider.js';
import {asError, changedNothing} from './failure.js';
import {matchRefs} from './match.js';
import type {RefInput, TokenRef} from './ref.js';

/**
What revoking one REF came to:
- `revoked`: the vendor deleted the token; its key no longer works.
- `failed`: `state` says whether the token is surely still there (`unchanged`), was not found (`not-found`:
  a wrong id, or already revoked), or may have been deleted without the answer arriving (`uncertain`).
- `skipped`: the run was stopped before its turn; nothing was sent for it.
*/
export type RevokeOutcome =
	| {readonly status: 'revoked'; readonly ref: TokenRef}
	| {readonly status: 'failed'; readonly ref: TokenRef; readonly state: 'unchanged' | 'not-found' | 'uncertain'; readonly error: Error}
	| {readonly status: 'skipped'; readonly ref: TokenRef};

export interface RevokeTokensOptions extends CallOptions {
	/** Told of each outcome as it happens, for a report that streams. */
	readonly onOutcome?: ((outcome: RevokeOutcome) => void) | undefined;
}

/**
Deletes the named tokens, one at a time, at their vendors; a failure is reported and the rest still run. Every
REF is matched to a provider first: one that names no given account is a ConfigError and nothing is deleted.

@example
const outcomes = await revokeTokens(['mist:mist-hq:6f1b…'], providers);
*/
export async function revokeTokens(refs: readonly RefInput[], providers: readonly TokenProvider[], options: RevokeTokensOptions = {}): Promise<RevokeOutcome[]> {
	const matched = matchRefs(refs, providers);
	const outcomes: RevokeOutcome[] = [];
	for (const {ref, provider} of matched) {
		let outcome: RevokeOutcome;
		if (options.signal?.aborted === true) {
			outcome = {status: 'skipped', ref};
		} else {
			try {
				await provider.delete(ref.id, {signal: options.signal});
				outcome = {status: 'revoked', ref};
			} catch (caught) {
				const error = asError(caught);
				const state = error instanceof NotFoundError ? 'not-found' : changedNothing(error) ? 'unchanged' : 'uncertain';
				outcome = {status: 'failed', ref, state, error};
			}
		}

		outcomes.push(outcome);
		options.onOutcome?.(outcome);
	}

	return outcomes;
}
