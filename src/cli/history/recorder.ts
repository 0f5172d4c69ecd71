import type {TokenAudit} from '../../inventory/audit/types.js';
import type {AccountOutcome} from '../../inventory/report/types.js';
import type {Token} from '../../token.js';

/**
What `inventory --save` and `audit --save` keep while they list, and save once the listing is over. Without
`--save` it keeps nothing.
*/
export interface RunRecorder {
	/** When tokenkit last rotated each token's key, where the history knows (for the audit's age policy). */
	readonly keyRenewedAt: ((token: Token) => Date | null) | undefined;
	token(token: Token): void;
	audit(audit: TokenAudit): void;
	/**
	Saves the run (unless it was interrupted: a run cut short by a person is not kept) and says so on stderr.
	Returns the exit code the command should give instead of its own: `failure` when saving failed.
	*/
	finish(outcomes: readonly AccountOutcome[], quiet: boolean): Promise<number | null>;
	close(): Promise<void>;
}

/** The recorder of a run that keeps no history: an inventory without --save loads nothing of the history store. */
export const idleRecorder: RunRecorder = {
	keyRenewedAt: undefined,
	token() {
		// Nothing kept.
	},
	audit() {
		// Nothing kept.
	},
	finish: async () => Promise.resolve(null),
	close: async () => Promise.resolve(),
};
