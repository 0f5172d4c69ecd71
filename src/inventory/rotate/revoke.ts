import {isNotFoundError, type NotFoundError} from '../../errors/index.js';
import type {CallOptions, TokenProvider} from '../../provider.js';
import type {Token} from '../../token.js';
import {asError, changedNothing} from './failure.js';
import {matchRefs, type MatchedRef} from './match.js';
import {ownCredentialsLast} from './plan.js';
import type {RefInput, TokenRef} from './ref.js';

/**
What revoking one REF came to:
- `revoked`: the vendor deleted the token; its key no longer works.
- `already-revoked`: the vendor has no such token (its delete answered 404, and its list does not hold the id):
  it was revoked before, as a resumed run or a second try expects. Counts as done.
- `refused`: the token is the account's own credential and `includeOwnCredential` was not given; nothing was sent
  to delete it. `reason` says why.
- `failed`: `state` says whether the token is surely still there (`unchanged`), was not found but its absence
  could not be confirmed (`not-found`: the list that would confirm it failed too), or may have been deleted
  without the answer arriving (`uncertain`).
- `skipped`: the run was stopped before its turn; nothing was sent for it.
*/
export type RevokeOutcome =
	| {readonly status: 'revoked'; readonly ref: TokenRef}
	| {readonly status: 'already-revoked'; readonly ref: TokenRef}
	| {readonly status: 'refused'; readonly ref: TokenRef; readonly reason: string}
	| {readonly status: 'failed'; readonly ref: TokenRef; readonly state: 'unchanged' | 'not-found' | 'uncertain'; readonly error: Error}
	| {readonly status: 'skipped'; readonly ref: TokenRef};

export interface RevokeTokensOptions extends CallOptions {
	/** Told of each outcome as it happens, for a report that streams. */
	readonly onOutcome?: ((outcome: RevokeOutcome) => void) | undefined;
	/**
	Revoke a token that is the account's own credential (`token.ownCredential`) too, after every other REF: once
	it is gone the provider's key is dead. Without it such a REF is `refused`.
	@default false
	*/
	readonly includeOwnCredential?: boolean | undefined;
}

/** A REF with the token as read before anything is deleted; null when it could not be read. */
interface Target extends MatchedRef {
	readonly token: Token | null;
}

/**
Deletes the named tokens, one at a time, at their vendors; a failure is reported and the rest still run. Every
REF is matched to a provider first: one that names no given account is a ConfigError and nothing is deleted.
Each token is read first, so that the account's own credential is known: it is refused unless
`includeOwnCredential` is given, and then deleted last. A token that cannot be read is still deleted: the
vendor may let a key delete what it may not read.

@example
const outcomes = await revokeTokens(['mist:mist-hq:6f1b…'], providers);
*/
export async function revokeTokens(refs: readonly RefInput[], providers: readonly TokenProvider[], options: RevokeTokensOptions = {}): Promise<RevokeOutcome[]> {
	const targets: Target[] = [];
	for (const matched of matchRefs(refs, providers)) {
		targets.push({...matched, token: await readQuietly(matched, options.signal)});
	}

	const outcomes: RevokeOutcome[] = [];
	for (const target of ownCredentialsLast(targets, candidate => candidate.token?.ownCredential === true)) {
		const outcome = await revokeOne(target, options);
		outcomes.push(outcome);
		options.onOutcome?.(outcome);
	}

	return outcomes;
}

async function revokeOne({ref, provider, token}: Target, options: RevokeTokensOptions): Promise<RevokeOutcome> {
	if (options.signal?.aborted === true) {
		return {status: 'skipped', ref};
	}

	if (token?.ownCredential === true && options.includeOwnCredential !== true) {
		return {
			status: 'refused',
			ref,
			reason: `not revoked: this is the key tokenkit authenticates with for ${ref.account}, and revoking it cuts off tokenkit's access to that account. `
				+ 'To revoke it on purpose, pass --include-own-credential (includeOwnCredential in the library)',
		};
	}

	try {
		await provider.delete(ref.id, {signal: options.signal});
		return {status: 'revoked', ref};
	} catch (caught) {
		const error = asError(caught);
		if (isNotFoundError(error)) {
			return confirmGone(ref, provider, error, options.signal);
		}

		return {status: 'failed', ref, state: changedNothing(error) ? 'unchanged' : 'uncertain', error};
	}
}

/**
A 404 to a delete is what a second revoke of the same token gets, but also what a wrong endpoint gets (Mist's
404 covers both). The account's list decides: when it can be read and lacks the id, the token is gone.
*/
async function confirmGone(ref: TokenRef, provider: TokenProvider, notFound: NotFoundError, signal: AbortSignal | undefined): Promise<RevokeOutcome> {
	try {
		for await (const listed of provider.list({signal})) {
			if (listed.id === ref.id) {
				return {status: 'failed', ref, state: 'unchanged', error: notFound};
			}
		}

		return {status: 'already-revoked', ref};
	} catch (caught) {
		const cause = asError(caught);
		return {status: 'failed', ref, state: 'not-found', error: new Error(`${notFound.message}; listing the account to confirm it is gone failed too: ${cause.message}`, {cause: notFound})};
	}
}

/** The token, or null when it cannot be read (gone already, or the key may delete but not read it). */
async function readQuietly({ref, provider}: MatchedRef, signal: AbortSignal | undefined): Promise<Token | null> {
	if (signal?.aborted === true) {
		return null;
	}

	try {
		return await provider.get(ref.id, {signal});
	} catch {
		return null;
	}
}
