import {auditDefaults, type AuditSettings} from '../../config.js';
import {collectInventoryInBatches, type InventoryEvent} from '../collect.js';
import type {Capabilities, TokenProvider} from '../../provider.js';
import type {Token} from '../../token.js';
import {acceptanceList, applyAcceptances, type Acceptance} from './acceptance.js';
import {auditToken} from './audit-token.js';
import {auditPolicies} from './policies.js';
import type {Finding} from './types.js';

/** What an audit run reports: each token with its findings as it arrives, and how each account ended. */
export type AuditEvent =
	| {readonly type: 'token'; readonly token: Token; readonly findings: readonly Finding[]}
	| Exclude<InventoryEvent, {type: 'token'}>;

export interface AuditOptions {
	/**
	Thresholds, usually the config file's `audit` section.
	@default auditDefaults (stale after 90 days, max age 365 days, 7 days' grace for a never-used token)
	*/
	readonly settings?: AuditSettings | undefined;
	/**
	Accepted risks, usually the config's `accepted`: the findings they cover are marked accepted, and one whose
	acceptance has expired counts again beside an `acceptance-expired` finding.
	@default none
	*/
	readonly accepted?: readonly Acceptance[] | undefined;
	/**
	The moment ages are measured from, the same for every token of the run.
	@default the time the audit starts
	*/
	readonly now?: Date | undefined;
	/** Accounts listed at once. @default 8 */
	readonly concurrency?: number | undefined;
	/**
	When tokenkit last gave a token a new key, where it knows (`keyRenewals(history)` reads it from the history store):
	the age policy then measures the key from that moment. A LaunchDarkly reset keeps the token's creation date, so
	without it a token rotated yesterday still reads as old as its creation.
	@default none known
	*/
	readonly keyRenewedAt?: ((token: Token) => Date | null) | undefined;
	readonly signal?: AbortSignal | undefined;
}

/**
Lists every token of every provider (several accounts at once, see `collectInventory`) and audits each as it
arrives, judged by the capabilities of the provider that listed it. An account that fails is reported and the
others finish; its tokens seen before the failure are audited, but its list is not complete.

@example
for await (const event of auditInventory(providers, {settings: config.audit})) {
	if (event.type === 'token') for (const finding of event.findings) console.log(event.token.name, finding.reason);
}
*/
export async function* auditInventory(providers: readonly TokenProvider[], options: AuditOptions = {}): AsyncGenerator<AuditEvent, void, undefined> {
	for await (const events of auditInventoryInBatches(providers, options)) {
		yield* events;
	}
}

/**
{@link auditInventory}, the events handed on in the batches `collectInventoryInBatches` makes: a report that handles
every event alike saves the promise each event costs through a generator.
*/
export async function* auditInventoryInBatches(providers: readonly TokenProvider[], options: AuditOptions = {}): AsyncGenerator<readonly AuditEvent[], void, undefined> {
	const settings = options.settings ?? auditDefaults;
	const now = options.now ?? new Date();
	const accepted = acceptanceList(options.accepted ?? []);
	const capabilities = new Map<string, Capabilities>(providers.map(provider => [key(provider.provider, provider.account), provider.capabilities]));
	const audited = (event: InventoryEvent): AuditEvent => {
		if (event.type !== 'token') {
			return event;
		}

		const {token} = event;
		const own = capabilities.get(key(token.provider, token.account));
		if (own === undefined) {
			// A provider labels its tokens with its own vendor and account, so this means a provider broke that contract.
			throw new TypeError(`token ${token.id} names ${token.provider} account "${token.account}", which no provider of this audit has`);
		}

		return {type: 'token', token, findings: applyAcceptances({token, findings: auditToken(token, own, settings, now, auditPolicies, options.keyRenewedAt?.(token) ?? null)}, accepted, now)};
	};

	for await (const events of collectInventoryInBatches(providers, {concurrency: options.concurrency, signal: options.signal})) {
		yield events.map(event => audited(event));
	}
}

function key(provider: string, account: string): string {
	return `${provider}\u0000${account}`;
}
