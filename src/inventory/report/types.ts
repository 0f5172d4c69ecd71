import type {Token} from '../../token.js';

/** How one account's listing ended. */
export interface AccountOutcome {
	readonly provider: string;
	readonly account: string;
	/** Tokens yielded. For a failed account, the ones seen before the failure: not a complete list. */
	readonly tokens: number;
	readonly complete: boolean;
	/** The failure, already safe to print (tokenkit errors never hold a secret). */
	readonly error: {readonly name: string; readonly message: string; readonly status: number | null} | null;
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
