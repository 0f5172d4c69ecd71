import {isRotationIncompleteError} from '../../errors/index.js';
import type {MintedToken, RotateResult} from '../../provider.js';
import type {Token} from '../../token.js';
import {asError, changedNothing} from './failure.js';
import type {FailedOutcome, FailureState, RotatedOutcome, RotationOutcome} from './outcome.js';
import type {PlannedRotation, RotationPlan} from './plan.js';
import type {TokenRef} from './ref.js';

/** A plan item that will be rotated. */
export type RotatableItem = Extract<PlannedRotation, {action: 'rotate'}>;

/** Each step of a rotation, for a journal. No event carries a key. */
export type RotationEvent =
	/** About to ask the vendor for a new key for the token named `name`; `action` is the strategy's name. */
	| {readonly type: 'started'; readonly ref: TokenRef; readonly action: string; readonly name: string; readonly at: Date}
	/** The new key is stored (`onMinted` returned); the old key has not been revoked yet. */
	| {readonly type: 'minted'; readonly ref: TokenRef; readonly token: Token; readonly at: Date}
	/** The REF is done with, either way. */
	| {readonly type: 'finished'; readonly outcome: RotationOutcome; readonly at: Date};

export interface ApplyRotationOptions {
	/**
	Stores a new key where it must go (a 0600 file, a vault), durably, before it returns: it is called before
	the old key is revoked, and if it throws the old key is left working (where the vendor allows) and the REF
	fails. The key is `minted.secret.reveal()`.
	*/
	readonly onMinted: (minted: MintedToken, item: RotatableItem) => Promise<void>;
	/**
	Told each step, and awaited, so a journal is written before the next step starts. If recording `started`
	throws, that REF is not attempted; if recording `minted` throws, it counts as a failure to store the key.
	*/
	readonly onEvent?: ((event: RotationEvent) => void | Promise<void>) | undefined;
	/** Stops before the next REF; the one in progress finishes its current request first, or fails. */
	readonly signal?: AbortSignal | undefined;
	/** Clock for the times in events. @default Date.now */
	readonly now?: (() => number) | undefined;
}

/**
Rotates the plan's tokens one at a time. Each new key goes through `onMinted` before any old key is revoked;
a REF that fails is reported with what it left behind (see FailureState) and the others still run.
A new token whose key cannot be stored, while the old one still works, is deleted again, so no live key exists that nobody holds.

@example
const outcomes = await applyRotation(plan, {
	async onMinted({token, secret}) {
		await vault.put(token.name, secret.reveal());
	},
});
*/
export async function applyRotation(plan: RotationPlan, options: ApplyRotationOptions): Promise<RotationOutcome[]> {
	const now = options.now ?? Date.now;
	const outcomes: RotationOutcome[] = [];
	for (const item of plan.items) {
		if (options.signal?.aborted === true) {
			outcomes.push({status: 'skipped', ref: item.ref, reason: 'the run was stopped before this token\'s turn; nothing was sent for it'});
			continue;
		}

		const outcome = await applyOne(item, plan.gracePeriod, options, now);
		outcomes.push(outcome);
	}

	return outcomes;
}

async function applyOne(item: PlannedRotation, gracePeriod: number, options: ApplyRotationOptions, now: () => number): Promise<RotationOutcome> {
	const record = async (event: RotationEvent): Promise<void> => {
		await options.onEvent?.(event);
	};

	if (item.action === 'unsupported' || item.action === 'unavailable') {
		const outcome = failed(item, item.action === 'unsupported' ? 'unsupported' : 'unchanged', item.error, {gracePeriod, startedAt: null, minted: null});
		return finish(outcome, record, now);
	}

	if (item.action === 'refused') {
		return finish(failed(item, 'refused', new Error(item.reason), {gracePeriod, startedAt: null, minted: null}), record, now);
	}

	const startedAt = new Date(now());
	try {
		await record({type: 'started', ref: item.ref, action: item.strategy.name, name: item.token.name, at: startedAt});
	} catch (error) {
		// Without a record of the start, a crash could leave a key nobody knows about: do not start.
		const cause = asError(error);
		return failed(item, 'unchanged', new Error(`not rotated, because its start could not be recorded: ${cause.message}`, {cause}), {gracePeriod, startedAt: null, minted: null});
	}

	// Filled in by the callback while `rotate` runs; an object, so the catch below sees what it learned.
	const seen: Seen = {handed: null, stored: null, storeFailure: null, warning: null};
	let outcome: RotationOutcome;
	try {
		const result = await item.provider.rotate(item.ref.id, {
			gracePeriod,
			signal: options.signal,
			async onMinted(minted) {
				seen.handed = minted;
				try {
					await options.onMinted(minted, item);
				} catch (error) {
					seen.storeFailure = asError(error);
					throw error;
				}

				try {
					await record({type: 'minted', ref: item.ref, token: minted.token, at: new Date(now())});
				} catch (error) {
					// Where tokenkit revokes the old token, it must not do so unrecorded: it stops here and the new token
					// is deleted again. Elsewhere the vendor has already dealt with the old key: stopping would only lose the new one.
					if (item.strategy.oldKey === 'caller-revokes') {
						seen.storeFailure = new Error(`the new key was stored, but that could not be recorded: ${asError(error).message}`, {cause: error});
						throw error;
					}

					seen.warning = `the new key is stored, but that could not be recorded: ${asError(error).message}`;
				}

				seen.stored = minted.token;
			},
		});
		outcome = rotated(item, result, seen.warning);
	} catch (error) {
		outcome = await failure(item, asError(error), seen, {gracePeriod, startedAt});
	}

	return finish(outcome, record, now);
}

async function finish(outcome: RotationOutcome, record: (event: RotationEvent) => Promise<void>, now: () => number): Promise<RotationOutcome> {
	try {
		await record({type: 'finished', outcome, at: new Date(now())});
		return outcome;
	} catch (error) {
		const warning = `its outcome could not be recorded: ${asError(error).message}`;
		return outcome.status === 'skipped' ? outcome : {...outcome, warning};
	}
}

/** What `onMinted` learned while `rotate` ran. */
interface Seen {
	/** The vendor minted this and handed it over. */
	handed: MintedToken | null;
	/** Its key is stored and recorded. */
	stored: Token | null;
	/** Why storing (or recording) it failed: what the user needs to hear, rather than the vendor strategy's wrapper. */
	storeFailure: Error | null;
	warning: string | null;
}

function rotated(item: RotatableItem, result: RotateResult, warning: string | null): RotatedOutcome {
	return {
		status: 'rotated',
		ref: item.ref,
		style: result.style,
		strategy: item.strategy,
		token: result.token,
		newRef: {provider: item.ref.provider, account: item.ref.account, id: result.token.id},
		previous: result.previous,
		warning,
	};
}

interface Attempt {
	readonly gracePeriod: number;
	readonly startedAt: Date | null;
}

/** Works out what a failed rotation left behind, and deletes a twin whose key could not be stored. */
async function failure(item: RotatableItem, error: Error, seen: Seen, attempt: Attempt): Promise<FailedOutcome> {
	if (seen.stored !== null) {
		// The key is stored; what failed came after it. Where tokenkit revokes, that is the delete of the old token.
		return failed(item, item.strategy.oldKey === 'caller-revokes' ? 'old-live' : 'uncertain', error, {...attempt, minted: seen.stored});
	}

	const minted = isRotationIncompleteError(error) ? error.minted : seen.handed;
	if (minted !== null) {
		// Said as it happened (a full disk, a vault that refused), with the strategy's error kept as the cause.
		const reason = seen.storeFailure === null ? error : new Error(seen.storeFailure.message, {cause: error});
		// Only a new token whose old one is still live may be deleted again; otherwise the vendor has already moved on.
		if (item.strategy.renews === 'same-id' || item.strategy.oldKey !== 'caller-revokes') {
			return failed(item, 'key-lost', reason, {...attempt, minted: minted.token});
		}

		try {
			// No signal: even after an interrupt, a live twin whose key nobody holds is worse than one more request.
			await item.provider.delete(minted.token.id);
			return failed(item, 'discarded', reason, {...attempt, minted: minted.token});
		} catch (cleanup) {
			const cause = asError(cleanup);
			return failed(item, 'orphaned', new Error(`${reason.message}; deleting the new token failed too: ${cause.message}`, {cause: error}), {...attempt, minted: minted.token});
		}
	}

	return failed(item, changedNothing(error) ? 'unchanged' : 'uncertain', error, {...attempt, minted: null});
}

function failed(item: PlannedRotation, state: FailureState, error: Error, details: Attempt & {readonly minted: Token | null}): FailedOutcome {
	return {
		status: 'failed',
		ref: item.ref,
		action: item.action,
		strategy: item.action === 'rotate' ? item.strategy : null,
		token: item.action === 'unavailable' ? null : item.token,
		state,
		error,
		revocable: item.provider.capabilities.operations.delete,
		minted: details.minted,
		gracePeriod: details.gracePeriod,
		startedAt: details.startedAt,
		warning: null,
	};
}
