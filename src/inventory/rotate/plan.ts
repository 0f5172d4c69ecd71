import {ConfigError, isUnsupportedOperationError, UnsupportedOperationError} from '../../errors/index.js';
import type {CallOptions, TokenProvider} from '../../provider.js';
import type {PlannedPrevious, RotationStrategy} from '../../rotation/strategy.js';
import type {Token} from '../../token.js';
import {matchRefs} from './match.js';
import {formatRef, type RefInput, type TokenRef} from './ref.js';

export interface PlanRotationOptions extends CallOptions {
	/**
	How long, in milliseconds, each old key keeps working after its rotation. 0 revokes it as soon as the
	vendor allows (see {@link PlannedPrevious}).
	@default 0
	*/
	readonly gracePeriod?: number | undefined;
	/**
	Rotate a token that is the account's own credential (`token.ownCredential`) too. Without it such a REF is
	planned as `refused`, since rotating it leaves the provider (and a config file) holding a key that is about to
	die. With it, the REF is planned last, after every other REF of every account, so the dead key cuts off nothing.
	@default false
	*/
	readonly includeOwnCredential?: boolean | undefined;
}

/** What a rotation will do to the old key, decided before anything is sent. */
export type {PlannedPrevious} from '../../rotation/strategy.js';

interface PlannedBase {
	readonly ref: TokenRef;
	readonly provider: TokenProvider;
}

/** One REF of a plan: what the vendor will do with it. */
export type PlannedRotation =
	/** A new key, minted in the way of the vendor's `strategy`. `token.ownCredential` is true only with `includeOwnCredential`. */
	| (PlannedBase & {readonly action: 'rotate'; readonly strategy: RotationStrategy; readonly token: Token; readonly previous: PlannedPrevious})
	/** The account's own credential, without `includeOwnCredential`: it will not be rotated, and `reason` says why. */
	| (PlannedBase & {readonly action: 'refused'; readonly token: Token; readonly reason: string})
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
given provider, or names a token twice, is a ConfigError before any request. Items keep the order of the REFs,
except the accounts' own credentials, which come last (see `includeOwnCredential`).

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
		const item = await planOne(ref, provider, gracePeriod, options.signal);
		items.push(item.action === 'rotate' && item.token.ownCredential && options.includeOwnCredential !== true
			? {ref, provider, action: 'refused', token: item.token, reason: ownCredentialRefusal(ref)}
			: item);
	}

	return {gracePeriod, items: ownCredentialsLast(items, item => item.action !== 'unavailable' && item.token?.ownCredential === true)};
}

/**
Why the account's own credential is not rotated unless asked for. A new vendor key is one thing; the provider,
and the config file it came from, still hold the old one, which the rotation is about to end.
*/
export function ownCredentialRefusal(ref: TokenRef): string {
	return `not rotated: this is the key tokenkit authenticates with for ${ref.account}, and rotating it leaves the config holding a dead key. `
		+ 'To rotate it on purpose, pass --include-own-credential (includeOwnCredential in the library), then update the config with the new key';
}

/**
The plan in the given order, except that each account's own credential goes last: once it is rotated or revoked
the provider's key may be dead, and every later request of that account would fail with 401.
*/
export function ownCredentialsLast<T>(items: readonly T[], own: (item: T) => boolean): T[] {
	return [...items.filter(item => !own(item)), ...items.filter(item => own(item))];
}

async function planOne(ref: TokenRef, provider: TokenProvider, gracePeriod: number, signal: AbortSignal | undefined): Promise<PlannedRotation> {
	const {rotation: strategy, operations} = provider.capabilities;
	if (strategy !== null && operations.rotate && strategy.oldKey === 'dies-at-once' && gracePeriod > 0) {
		// Refused before any request: the vendor cannot keep the old key, and a plan must not promise it.
		throw new ConfigError(strategy.noGrace(formatRef(ref)));
	}

	let token: Token;
	try {
		token = await provider.get(ref.id, {signal});
	} catch (error) {
		if (strategy === null || !operations.rotate) {
			return {ref, provider, action: 'unsupported', token: null, error: await unsupportedReason(provider, ref.id)};
		}

		return {ref, provider, action: 'unavailable', error: error instanceof Error ? error : new Error(String(error))};
	}

	if (strategy === null || !operations.rotate) {
		return {ref, provider, action: 'unsupported', token, error: await unsupportedReason(provider, ref.id)};
	}

	// The vendor may rotate some of its tokens and not others (Capabilities.forToken): refused here, before any write.
	const own = provider.capabilities.forToken?.(token);
	if (own !== undefined && !own.operations.rotate) {
		const alternative = own.remedies?.rotate?.advice ?? 'This vendor\'s API cannot mint a key for this token: create the replacement in its web UI, switch to it, then revoke the old token.';
		return {ref, provider, action: 'unsupported', token, error: new UnsupportedOperationError({provider: provider.provider, account: provider.account, operation: 'rotate', alternative})};
	}

	return {ref, provider, action: 'rotate', strategy, token, previous: plannedPrevious(strategy, gracePeriod)};
}

/** Who keeps the old key alive decides its fate: the vendor until an expiry, the caller until it revokes, or nobody. */
function plannedPrevious(strategy: RotationStrategy, gracePeriod: number): PlannedPrevious {
	const callerRevokes = strategy.oldKey === 'caller-revokes';
	if (gracePeriod === 0) {
		return callerRevokes ? {state: 'revoked-after-store'} : {state: 'revoked-at-reset'};
	}

	return callerRevokes ? {state: 'pending-revocation', gracePeriod} : {state: 'valid-until', gracePeriod};
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
		if (isUnsupportedOperationError(error)) {
			return error;
		}
	}

	return fallback;
}
