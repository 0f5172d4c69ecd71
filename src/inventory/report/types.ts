import type {Token} from '../../token.js';

/**
What listing one account cost on the wire. Waits are summed over the account's requests, so with requests
in flight side by side they can add up to more than the account's wall time.
*/
export interface AccountTraffic {
	readonly requests: number;
	readonly retries: number;
	/** 429 answers received. */
	readonly rateLimited: number;
	/** Waiting before retries: backoff after a failure, or the wait a 429 or 503 asked for. */
	readonly retryWaitMs: number;
	/** Waiting to stay under a rate limit known in advance or announced in headers, before any refusal. */
	readonly paceWaitMs: number;
}

/** How one account's listing ended. */
export interface AccountOutcome {
	readonly provider: string;
	readonly account: string;
	/** Tokens yielded. For a failed account, the ones seen before the failure: not a complete list. */
	readonly tokens: number;
	readonly complete: boolean;
	/** The failure, already safe to print (tokenkit errors never hold a secret). */
	readonly error: {readonly name: string; readonly message: string; readonly status: number | null} | null;
	readonly traffic: AccountTraffic;
}

/**
Writes an inventory as it streams: `token` for each token as it arrives, `finish` once with how every
account ended. Every format writes to a text sink, so the CLI can point it at stdout or a file.
*/
export interface InventoryWriter {
	token(token: Token): void;
	finish(outcomes: readonly AccountOutcome[]): void;
}

export type Write = (text: string) => void;
