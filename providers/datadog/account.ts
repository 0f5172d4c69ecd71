import type {ErrorContext} from '../../src/errors/index.js';
import {scrubToken} from '../../src/redaction/scrub-token.js';
import type {Token} from '../../src/token.js';
import type {DatadogApi} from './api.js';
import {unresolvedPerson, type DatadogPerson} from './map.js';
import type {CheckedDatadogOptions} from './options.js';
import type {DatadogPeople} from './people.js';

/** What every part of one Datadog provider works with: the account's HTTP path, its options, and who is who. */
export interface DatadogAccount {
	readonly api: DatadogApi;
	readonly account: string;
	readonly context: ErrorContext;
	readonly options: CheckedDatadogOptions;
	/** The masked forms of the two keys tokenkit authenticates with, as Datadog shows every key: `…` and the last four. */
	readonly hints: {readonly apiKey: string; readonly applicationKey: string};
	/** Each of `userIds` as a person (looked up once per user per run, or by id alone with `resolveOwners: false`). */
	people(userIds: Iterable<string>, signal: AbortSignal | undefined): Promise<(userId: string) => DatadogPerson>;
	/** The user id the application key acts as, or null when Datadog would not say (caller.ts). */
	caller(signal: AbortSignal | undefined): Promise<string | null>;
	/** The caller as last learned, for decisions that cannot wait (Capabilities.forToken): undefined before any. */
	readonly knownCaller: () => string | null | undefined;
	/** The token with every secret the account knows scrubbed from what Datadog sent. */
	scrub(token: Token): Token;
	readonly now: () => number;
}

export interface DatadogAccountParts {
	readonly api: DatadogApi;
	readonly account: string;
	readonly options: CheckedDatadogOptions;
	readonly hints: DatadogAccount['hints'];
	readonly people: DatadogPeople;
	readonly caller: (signal: AbortSignal | undefined) => Promise<string | null>;
	readonly now: () => number;
}

export function createDatadogAccount(parts: DatadogAccountParts): DatadogAccount {
	let known: string | null | undefined;
	const {api, options} = parts;
	return {
		api,
		account: parts.account,
		context: api.context,
		options,
		hints: parts.hints,
		async people(userIds, signal) {
			if (!options.resolveOwners) {
				return unresolvedPerson;
			}

			return parts.people.lookUp(userIds, signal);
		},
		async caller(signal) {
			known = await parts.caller(signal);
			return known;
		},
		knownCaller: () => known,
		scrub: token => scrubToken(token, api.redactor),
		now: parts.now,
	};
}
