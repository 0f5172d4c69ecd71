import {formatDuration} from '../inventory/rotate/duration.js';
import type {TokenRef} from '../inventory/rotate/ref.js';

/** Whether a rotation keeps the token's id (a new secret for the same token) or hands over to a new token. */
export type RenewedId = 'same-id' | 'new-id';

/**
Who keeps the old key alive during a grace period:
- `vendor-expires`: the vendor, by itself, until an expiry tokenkit passes along (a 0 grace stops it at once).
- `caller-revokes`: nobody stops it; the caller revokes the old token once the grace period is over.
- `dies-at-once`: nobody: the vendor kills the old key in the rotation itself, and no grace period is possible.
*/
export type OldKeyKeeper = 'vendor-expires' | 'caller-revokes' | 'dies-at-once';

/** What a rotation will do to the old key, decided before anything is sent. */
export type PlannedPrevious =
	/** The vendor stops it in the rotation itself, before tokenkit has stored the new key. */
	| {readonly state: 'revoked-at-reset'}
	/** tokenkit deletes the old token once the new key is stored (`caller-revokes` without a grace period). */
	| {readonly state: 'revoked-after-store'}
	/** The vendor keeps it working for `gracePeriod` ms after the rotation, then stops it by itself. */
	| {readonly state: 'valid-until'; readonly gracePeriod: number}
	/** It keeps working until someone revokes it; tokenkit says when and with which command. */
	| {readonly state: 'pending-revocation'; readonly gracePeriod: number};

/** What is known when a rotation started and its outcome was never recorded (the process died mid-request). */
export interface CrashContext {
	/** The token's name, when the journal recorded it. */
	readonly name: string | undefined;
	/** When the rotation started, ISO 8601. */
	readonly startedAt: string;
	/** The token that was being rotated; null when the journal's REF cannot be read. */
	readonly ref: TokenRef | null;
	readonly gracePeriodMs: number;
}

/** What is known when a rotation's answer was lost (`uncertain`), or its new key could not be stored (`key-lost`). */
export interface FailureContext {
	/** The token's name as the plan read it ('' when unknown), made inert by the caller. */
	readonly name: string;
	/** ` since <ISO time>` or ''. */
	readonly since: string;
	readonly ref: TokenRef;
	readonly gracePeriodMs: number;
}

/**
How a vendor rotates a key, as a value the vendor's folder hands the core (`capabilities.rotation`). The core
decides everything from `renews`, `oldKey` and `retrySafe`, and tells people what happens with the texts; it
never looks at `name` but to print it. Make one with {@link defineRotationStrategy} or a factory below.
*/
export interface RotationStrategy {
	/** A short word shown in plans, tables and the journal: `reset`, `replace`, `rotate`, `roll`. */
	readonly name: string;
	/** One line for the capabilities table and `tokenkit rotate --help`. */
	readonly summary: string;
	readonly renews: RenewedId;
	readonly oldKey: OldKeyKeeper;
	/**
	Whether the vendor's mint call may be sent again after an unknown outcome. False: neither the HTTP retry
	layer nor a resumed run repeats it (the provider sends it with `retry: false`), and the user is told what to check.
	*/
	readonly retrySafe: boolean;
	/** What a plan says the vendor will do, after `<name>: `. `revokeCommand` finishes a `pending-revocation`. */
	describePlan(previous: PlannedPrevious, revokeCommand: string): string;
	/** What to check when a rotation started and its outcome was never recorded. */
	afterCrash(context: CrashContext): string;
	/** What to do when the vendor answered with no usable result, so it may or may not have acted. */
	afterLostAnswer(context: FailureContext): string;
	/** What became of the old key when the new one was minted but could not be stored. */
	afterKeyLost(context: FailureContext): string;
	/** Why a grace period cannot be given, and what the vendor does instead; asked only of `dies-at-once`. */
	noGrace(ref: string): string;
}

/** The behaviour of a strategy, and any texts that should differ from the defaults. */
export interface RotationStrategyInput extends Partial<Omit<RotationStrategy, 'name' | 'summary' | 'renews' | 'oldKey' | 'retrySafe'>> {
	readonly name: string;
	readonly summary: string;
	readonly renews: RenewedId;
	readonly oldKey: OldKeyKeeper;
	readonly retrySafe: boolean;
	/** The name as a past participle, for the default texts: `reset`, `rotated`, `rolled`. @default `${name}ed` */
	readonly done?: string | undefined;
}

/**
A rotation strategy whose texts, unless given, are derived from its behaviour.

@example
export const rollStrategy = defineRotationStrategy({name: 'roll', summary: 'roll (same id, new secret, old dies at once)', renews: 'same-id', oldKey: 'dies-at-once', retrySafe: false, done: 'rolled'});
*/
export function defineRotationStrategy(input: RotationStrategyInput): RotationStrategy {
	const {done = `${input.name}ed`, ...fields} = input;
	const twin = input.renews === 'new-id';
	const defaults: Omit<RotationStrategy, 'name' | 'summary' | 'renews' | 'oldKey' | 'retrySafe'> = {
		describePlan(previous, revokeCommand) {
			const minted = twin
				? 'the vendor mints a new token for this one, and its key is written to the secret target'
				: 'the vendor mints a new key for the same token, written to the secret target';
			switch (previous.state) {
				case 'valid-until': {
					return `${minted}; the old key keeps working for ${formatDuration(previous.gracePeriod)} after the ${input.name}, then stops by itself`;
				}

				case 'pending-revocation': {
					return `${minted}; the old token keeps working until it is revoked, due ${formatDuration(previous.gracePeriod)} later with: ${revokeCommand}`;
				}

				case 'revoked-after-store': {
					return `${minted}; then the old token is deleted`;
				}

				case 'revoked-at-reset': {
					return input.oldKey === 'dies-at-once'
						? `${minted}; the vendor revokes the old key in the ${input.name} itself, before tokenkit can store the new one (this vendor allows no grace period)`
						: `${minted}; the old key stops in the ${input.name} itself, before tokenkit can store the new one (give a grace period to keep it working until the new key is in place)`;
				}
			}
		},
		afterCrash({startedAt, gracePeriodMs}) {
			if (input.oldKey === 'caller-revokes') {
				return `the vendor may have minted a new key that was never stored; the old token was not touched and works as before. Check the account's tokens created since ${startedAt}, revoke any that was minted for it, then rotate it with a new --secret-out file`;
			}

			const after = gracePeriodMs > 0
				? `If it was, the old key keeps working until about ${new Date(new Date(startedAt).getTime() + gracePeriodMs).toISOString()}; either way, rotate it with a new --secret-out file before then`
				: 'Check whether the old key still works; if it does not, the new key is lost: rotate it with a new --secret-out file';
			const what = twin ? `${done} the token into a new one without its key being stored` : `${done} the key without the new one being stored`;
			return `the vendor may have ${what}. ${after}`;
		},
		afterLostAnswer() {
			return input.oldKey === 'caller-revokes'
				? 'The vendor may have minted a new key that never reached tokenkit: check the account\'s tokens before trying again; the old key works as before. Do not simply rotate again'
				: `The vendor may have ${done} the key without the new one reaching tokenkit: check whether the old key still works before rotating again`;
		},
		afterKeyLost({gracePeriodMs}) {
			return `The old key ${gracePeriodMs > 0 ? `works for ${formatDuration(gracePeriodMs)} after the ${input.name}` : 'no longer works'}; rotate again to get a key you can keep`;
		},
		noGrace(ref) {
			return `${ref}: --grace cannot be given: this vendor's ${input.name} revokes the old key at once, so no grace period is possible; rotate without --grace, with the new key's consumers ready to switch`;
		},
	};
	return {...defaults, ...fields};
}

/** Texts a vendor may change in a factory's strategy. */
export type StrategyOverrides = Partial<Omit<RotationStrategyInput, 'renews' | 'oldKey'>>;

/** Same id, new key; the vendor keeps the old key working until an expiry it is given (e.g. LaunchDarkly). */
export function resetStrategy(overrides: StrategyOverrides = {}): RotationStrategy {
	return defineRotationStrategy({
		name: 'reset',
		summary: 'reset (same id, old key lives until expiry)',
		retrySafe: false,
		done: 'reset',
		...overrides,
		renews: 'same-id',
		oldKey: 'vendor-expires',
	});
}

/** A twin token with the same name and privileges, then the old token is deleted by tokenkit (e.g. Mist). */
export function replaceStrategy(overrides: StrategyOverrides = {}): RotationStrategy {
	return defineRotationStrategy({
		name: 'replace',
		summary: 'replace (twin token, then delete old)',
		retrySafe: false,
		done: 'replaced',
		describePlan: describeReplacement('a new token with the same name, privileges and IP allow-list is created and its key written to the secret target', 'token'),
		afterCrash({name, startedAt, ref}) {
			const named = name === undefined ? 'with this token\'s name' : `named ${JSON.stringify(name)}`;
			const where = ref === null ? 'the account' : `account ${ref.account}`;
			const other = ref === null ? 'this one' : ref.id;
			return `the vendor may have created a new token ${named} whose key was never stored; the old token was not touched and works as before. `
				+ `Check: list the tokens of ${where} and revoke any ${named} created since ${startedAt} other than ${other}; then rotate it with a new --secret-out file`;
		},
		afterLostAnswer({name, since, ref}) {
			return `The vendor may have created a new token named "${name}" whose key never reached tokenkit: list the account's tokens and revoke any "${name}" created${since} other than ${ref.id}; the old key works as before. Do not simply rotate again`;
		},
		...overrides,
		renews: 'new-id',
		oldKey: 'caller-revokes',
	});
}

/** The vendor's own rotate mints a new token id and revokes the old key at once, with no grace (e.g. GitLab). */
export function newIdRotateStrategy(overrides: StrategyOverrides = {}): RotationStrategy {
	return defineRotationStrategy({
		name: 'rotate',
		summary: 'rotate (new token id, old key revoked at once, no grace)',
		retrySafe: false,
		done: 'rotated',
		...overrides,
		renews: 'new-id',
		oldKey: 'dies-at-once',
	});
}

/** Same id, new secret; the old secret dies at once, with no grace (e.g. Cloudflare's roll). */
export function sameIdRollStrategy(overrides: StrategyOverrides = {}): RotationStrategy {
	return defineRotationStrategy({
		name: 'roll',
		summary: 'roll (same id, new secret, old dies at once, no grace)',
		retrySafe: false,
		done: 'rolled',
		...overrides,
		renews: 'same-id',
		oldKey: 'dies-at-once',
	});
}

/**
The plan of a replace in words: what is minted, then the old key deleted at once, or left working until the caller
revokes it after the grace period (`pending-revocation`). `endedBy` is what that revoke does to it, in the vendor's words.
*/
export function describeReplacement(minted: string, old: string, endedBy = 'revoked'): RotationStrategy['describePlan'] {
	return (previous, revokeCommand) => previous.state === 'pending-revocation'
		? `${minted}; the old ${old} keeps working until it is ${endedBy}, due ${formatDuration(previous.gracePeriod)} later with: ${revokeCommand}`
		: `${minted}; then the old ${old} is deleted`;
}
