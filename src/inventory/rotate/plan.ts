import {ConfigError, UnsupportedOperationError} from '../../errors/index.js';
import type {CallOptions, TokenProvider} from '../../provider.js';
import type {Token} from '../../token.js';
import {matchRefs} from './match.js';
import type {RefInput, TokenRef} from './ref.js';

export interface PlanRotationOptions extends CallOptions {
	/**
	How long, in milliseconds, each old key keeps working after its rotation. 0 revokes it as soon as the
	vendor allows (see {@link PlannedPrevious}).
	@default 0
	*/
	readonly gracePeriod?: number | undefined;
}

/** What a rotation will do to the old key, decided before anything is sent. */
export type PlannedPrevious =
	/** The vendor stops it in the reset itself, before tokenkit has stored the new key (reset without a grace period). */
	| {readonly state: 'revoked-at-reset'}
	/** tokenkit deletes the old token once the new key is stored (replace without a grace period). */
	| {readonly state: 'revoked-after-store'}
	/** The vendor keeps it working for `gracePeriod` ms after the reset, then stops it by itself. */
	| {readonly state: 'valid-until'; readonly gracePeriod: number}
	/** It keeps working until someone revokes it; tokenkit says when and with which command (replace with a grace period). */
	| {readonly state: 'pending-revocation'; readonly gracePeriod: number};

interface PlannedBase {
	readonly ref: TokenRef;
	readonly provider: TokenProvider;
}

/** One REF of a plan: what the vendor will do with it. */
export type PlannedRotation =
	/** `reset`: a new key for the same token id; `replace`: a twin token, then the old one goes. */
	| (PlannedBase & {readonly action: 'reset' | 'replace'; readonly token: Token; readonly previous: PlannedPrevious})
	/** The vendor's API cannot mint keys; `error.alternative` says what to do instead. `token` is null when it could not be read. */
	| (PlannedBase & {readonly action: 'unsupported'; readonly token: Token | null; readonly error: UnsupportedOperationError})
	/** The token could not be read (it does not exist, or the vendor failed): it will not be rotated. */
	| (PlannedBase & {readonly action: 'unavailable'; readonly error: Error});

export interface RotationPlan {
	readonly gracePeriod: number;
	readonly items: readonly PlannedRotation[];
}

/**
Decides, per REF, what rotating it means at its vendor, and reads each token so the plan names what it will
touch. Only reads are sent: a plan changes nothing, so it is what `--dry-run` shows. A REF that names no
given provider, or names a token twice, is a ConfigError before any request.

@example
const plan = await planRotation(['mist:mist-hq:6f1b…', 'launchdarkly:ld-prod:5f0c…'], providers, {gracePeriod: 3_600_000});
for (const item of plan.items) console.log(item.action);
*/
export async function planRotation(refs: readonly RefInput[], providers: readonly TokenProvider[], options: PlanRotationOptions = {}): Promise<RotationPlan> {
	const gracePeriod = options.gracePeriod ?? 0;
	if (!Number.isSafeInteger(gracePeriod) || gracePeriod < 0) {
		throw new ConfigError(`gracePeriod must be a whole number of milliseconds, 0 or more; got ${gracePeriod}`);
	}

	const matched = matchRefs(refs, providers);
	const items: PlannedRotation[] = [];
	// One at a time: a plan is a handful of reads, and their order is the order the user gave.
	for (const {ref, provider} of matched) {
		items.push(await planOne(ref, provider, gracePeriod, options.signal));
	}

	return {gracePeriod, items};
}

async function planOne(ref: TokenRef, provider: TokenProvider, gracePeriod: number, signal: AbortSignal | undefined): Promise<PlannedRotation> {
	const {rotation, operations} = provider.capabilities;
	let token: Token;
	try {
		token = await provider.get(ref.id, {signal});
	} catch (error) {
		if (rotation === 'none' || !operations.rotate) {
			return {ref, provider, action: 'unsupported', token: null, error: await unsupportedReason(provider, ref.id)};
		}

		return {ref, provider, action: 'unavailable', error: error instanceof Error ? error : new Error(String(error))};
	}

	if (rotation === 'none' || !operations.rotate) {
		return {ref, provider, action: 'unsupported', token, error: await unsupportedReason(provider, ref.id)};
	}

	return {ref, provider, action: rotation, token, previous: plannedPrevious(rotation, gracePeriod)};
}

function plannedPrevious(rotation: 'reset' | 'replace', gracePeriod: number): PlannedPrevious {
	if (gracePeriod === 0) {
		return rotation === 'reset' ? {state: 'revoked-at-reset'} : {state: 'revoked-after-store'};
	}

	return rotation === 'reset' ? {state: 'valid-until', gracePeriod} : {state: 'pending-revocation', gracePeriod};
}

/**
The vendor's own words on what to do instead, which only its adapter knows: a provider must reject an
operation its capabilities declare unsupported with an UnsupportedOperationError, without a request. The call
is still fenced in case an adapter broke that promise: its signal is already aborted, so nothing can be sent,
and its `onMinted` refuses, so no key could be minted without the old one staying valid.
*/
async function unsupportedReason(provider: TokenProvider, id: string): Promise<UnsupportedOperationError> {
	const fallback = new UnsupportedOperationError({
		provider: provider.provider,
		account: provider.account,
		operation: 'rotate',
		alternative: 'This vendor\'s API cannot mint keys: create the replacement in its web UI, switch to it, then revoke the old token.',
	});
	if (provider.capabilities.operations.rotate) {
		return fallback;
	}

	try {
		await provider.rotate(id, {
			signal: AbortSignal.abort(new Error('tokenkit only asks what to do instead')),
			onMinted: async () => Promise.reject(new Error('a plan mints nothing')),
		});
	} catch (error) {
		if (error instanceof UnsupportedOperationError) {
			return error;
		}
	}

	return fallback;
}
