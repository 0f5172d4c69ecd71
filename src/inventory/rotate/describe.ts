import {isUnsupportedOperationError} from '../../errors/index.js';
import {inert, lineLength} from '../../text/inert.js';
import type {FailureContext} from '../../rotation/strategy.js';
import type {RevokeOutcome} from './revoke.js';
import type {FailedOutcome, RotatedOutcome, RotationOutcome} from './outcome.js';
import type {PlannedRotation} from './plan.js';
import {formatRef, type TokenRef} from './ref.js';

/** How a text names the command that revokes a token; the CLI adds the options the user gave (`--config`). */
export type RevokeCommand = (ref: TokenRef) => string;

const defaultRevokeCommand: RevokeCommand = ref => `tokenkit revoke ${formatRef(ref)}`;

/** One sentence: what the vendor will do with this REF and what happens to the old key, and when. */
export function describePlanned(item: PlannedRotation, revokeCommand: RevokeCommand = defaultRevokeCommand): string {
	switch (item.action) {
		case 'rotate': {
			const plan = `${item.strategy.name}: ${item.strategy.describePlan(item.previous, revokeCommand(item.ref))}`;
			return item.token.ownCredential ? `${plan}. ${ownCredentialWarning(item.ref)}` : plan;
		}

		case 'refused': {
			return item.reason;
		}

		case 'unsupported': {
			return `unsupported: ${withRevokeCommand(item.error.alternative, item.provider.capabilities.operations.delete, item.ref, revokeCommand)}`;
		}

		case 'unavailable': {
			return `cannot be rotated: ${inert(item.error.message, lineLength)}`;
		}
	}
}

/**
Said of the account's own credential when it is rotated on purpose: the plan puts it last, and the person must
know the config is about to hold a dead key.
*/
export function ownCredentialWarning(ref: TokenRef): string {
	return `Warning: this is the key tokenkit authenticates with for ${ref.account}: after this, the config holds a dead key; update it with the new key from the secret file`;
}

/**
A vendor's advice for a token its API cannot rotate, with the exact command that revokes the old token once the
replacement is in place, where the vendor's API can delete it. The command is the caller's (the CLI adds the
--config the user gave): a vendor adapter cannot know how it was called.
*/
function withRevokeCommand(alternative: string, revocable: boolean, ref: TokenRef, revokeCommand: RevokeCommand): string {
	return revocable ? `${alternative.replace(/[.\s]+$/, '')}. To revoke the old token: ${revokeCommand(ref)}` : alternative;
}

/** What happened to one REF and, when something is left to do, what to do. No key appears in it. */
export function describeOutcome(outcome: RotationOutcome, revokeCommand: RevokeCommand = defaultRevokeCommand): string {
	const text = describeWithoutWarning(outcome, revokeCommand);
	return outcome.status !== 'skipped' && outcome.warning !== null ? `${text}. Warning: ${outcome.warning}` : text;
}

function describeWithoutWarning(outcome: RotationOutcome, revokeCommand: RevokeCommand): string {
	switch (outcome.status) {
		case 'rotated': {
			return describeRotated(outcome, revokeCommand);
		}

		case 'failed': {
			return describeFailure(outcome, revokeCommand);
		}

		case 'skipped': {
			return outcome.reason;
		}
	}
}

function describeRotated(outcome: RotatedOutcome, revokeCommand: RevokeCommand): string {
	const {previous} = outcome;
	const {strategy} = outcome;
	const holder = strategy.renews === 'new-id' ? `new token ${outcome.token.id} holds the new key, which is stored` : 'the new key is stored';
	switch (previous.state) {
		case 'revoked': {
			return `${holder}; the old ${strategy.oldKey === 'caller-revokes' ? 'token is deleted' : 'key no longer works'}`;
		}

		case 'valid-until': {
			return `${holder}; the old key works until ${previous.until.toISOString()}, then stops by itself`;
		}

		case 'pending-revocation': {
			return `${holder}; the old token still works. After ${previous.revokeAfter.toISOString()}, finish with: ${revokeCommand(outcome.ref)}`;
		}
	}
}

function describeFailure(outcome: FailedOutcome, revokeCommand: RevokeCommand): string {
	const {error, minted} = outcome;
	const mintedRef = minted === null ? null : {...outcome.ref, id: minted.id};
	switch (outcome.state) {
		case 'unsupported': {
			return isUnsupportedOperationError(error) ? `not rotated: ${withRevokeCommand(error.alternative, outcome.revocable ?? true, outcome.ref, revokeCommand)}` : inert(error.message, lineLength);
		}

		case 'refused': {
			return error.message;
		}

		case 'unchanged': {
			return `${clause(error.message)}. Nothing was changed; the old key works as before`;
		}

		case 'discarded': {
			return `${clause(error.message)}. The new key could not be stored, so the new token ${minted?.id ?? ''} was deleted again; the old key works as before and rotating again is safe`;
		}

		case 'orphaned': {
			return `${clause(error.message)}. The new token ${minted?.id ?? ''} is live but its key was not stored: revoke it with: ${mintedRef === null ? '' : revokeCommand(mintedRef)}. The old key works as before`;
		}

		case 'old-live': {
			return `${clause(error.message)}. The new key is stored${minted === null ? '' : ` (token ${minted.id})`}, but the old token still works: finish with: ${revokeCommand(outcome.ref)}`;
		}

		case 'key-lost': {
			return `${clause(error.message)}. ${outcome.strategy?.afterKeyLost(failureContext(outcome)) ?? 'The old key may no longer work; rotate again to get a key you can keep'}`;
		}

		case 'uncertain': {
			return `${clause(error.message)}. ${outcome.strategy?.afterLostAnswer(failureContext(outcome)) ?? 'Check at the vendor what happened before trying again'}`;
		}
	}
}

function failureContext(outcome: FailedOutcome): FailureContext {
	return {
		name: inert(outcome.token?.name ?? '', nameLength),
		since: outcome.startedAt === null ? '' : ` since ${outcome.startedAt.toISOString()}`,
		ref: outcome.ref,
		gracePeriodMs: outcome.gracePeriod,
	};
}

/** What happened to one REF of a revoke. */
export function describeRevoke(outcome: RevokeOutcome): string {
	switch (outcome.status) {
		case 'revoked': {
			return 'revoked; its key no longer works';
		}

		case 'already-revoked': {
			return 'already revoked: the vendor has no such token, and its list confirms it is gone';
		}

		case 'refused': {
			return outcome.reason;
		}

		case 'skipped': {
			return 'not revoked: the run was stopped before its turn';
		}

		case 'failed': {
			const after = {
				'not-found': 'No such token, but tokenkit could not confirm it is gone: check the REF and the account',
				unchanged: 'The token is unchanged',
				uncertain: 'The vendor may have deleted it without the answer arriving: check before trying again',
			}[outcome.state];
			return `${clause(outcome.error.message)}. ${after}`;
		}
	}
}

/** A token's name quoted in a sentence is cut after this many characters. */
const nameLength = 80;

/**
A message ready to be followed by a full stop: vendors' own texts often end with one already. Made inert, as is
a token's name: these sentences are read by people, and what a vendor wrote must not drive their terminal.
*/
function clause(message: string): string {
	return inert(message, lineLength).replace(/[.\s]+$/, '');
}
