import type {PreviousKey} from '../../provider.js';
import type {RotationStrategy} from '../../rotation/strategy.js';
import type {Token} from '../../token.js';
import type {PlannedRotation} from './plan.js';
import type {TokenRef} from './ref.js';

/** A REF whose new key is stored and whose old key is revoked, or will stop or be revoked as `previous` says. */
export interface RotatedOutcome {
	readonly status: 'rotated';
	/** The token that was rotated. */
	readonly ref: TokenRef;
	/** The name of the strategy that rotated it. */
	readonly style: string;
	readonly strategy: RotationStrategy;
	/** The token that holds the new key: the same id, or a new one, as the strategy `renews`. */
	readonly token: Token;
	readonly newRef: TokenRef;
	readonly previous: PreviousKey;
	/** Set when the rotation is done but recording it failed (a journal write); says what was not recorded. */
	readonly warning: string | null;
}

/**
What a failed rotation left behind, which decides what the user must do:
- `unchanged`: nothing was minted; the old key works as before. Trying again is safe.
- `unsupported`: the vendor's API cannot mint keys; nothing was sent.
- `discarded`: a twin was minted but its key could not be stored, so tokenkit deleted the twin again; the old key works as before. Trying again is safe.
- `orphaned`: a twin was minted, its key could not be stored, and deleting it failed: the twin (`minted`) should be revoked; the old key works as before.
- `old-live`: the new key is stored, but revoking the old token failed: revoke it to finish.
- `key-lost`: the vendor reset the key but it could not be stored; the old key lives until its expiry (or has stopped). Only a deliberate new reset helps.
- `uncertain`: the vendor may have acted without tokenkit learning the result (a lost answer to a write): check before trying again, so a key is not minted twice.
- `refused`: the token is the account's own credential and the plan did not include it (`includeOwnCredential`); nothing was sent.
*/
export type FailureState = 'unchanged' | 'unsupported' | 'refused' | 'discarded' | 'orphaned' | 'old-live' | 'key-lost' | 'uncertain';

export interface FailedOutcome {
	readonly status: 'failed';
	readonly ref: TokenRef;
	readonly action: PlannedRotation['action'];
	/** How the vendor rotates; null when it cannot (`unsupported`) or the token could not be read. */
	readonly strategy: RotationStrategy | null;
	/** The token as the plan read it; null when it could not be read. */
	readonly token: Token | null;
	readonly state: FailureState;
	readonly error: Error;
	/** Whether the vendor's API can delete the token, so that a message may point at revoking it. @default true */
	readonly revocable?: boolean | undefined;
	/** The new token the vendor minted in this attempt, when tokenkit learned of one. */
	readonly minted: Token | null;
	/** The grace period the rotation asked for, in ms, for saying how long an old key lives. */
	readonly gracePeriod: number;
	/** When the attempt started. */
	readonly startedAt: Date | null;
	readonly warning: string | null;
}

/** A REF that was not attempted because the run was stopped before its turn. Nothing was sent for it. */
export interface SkippedOutcome {
	readonly status: 'skipped';
	readonly ref: TokenRef;
	readonly reason: string;
}

export type RotationOutcome = RotatedOutcome | FailedOutcome | SkippedOutcome;
