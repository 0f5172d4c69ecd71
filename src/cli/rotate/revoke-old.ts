import {isNotFoundError} from '../../errors/index.js';
import {revokedOldLine} from '../../inventory/rotate/journal.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import type {TokenProvider} from '../../provider.js';
import type {CliIo} from '../io.js';
import {providerOf} from '../ref-accounts.js';
import type {Sinks} from './sinks.js';

/** How finishing an interrupted replace went; `detail` says why it failed, `warning` what could not be recorded. */
export interface RevokedOld {
	readonly state: 'deleted' | 'gone' | 'failed';
	readonly detail: string;
	readonly warning: string | null;
}

/** Finishes an interrupted replace: the new key is stored, so the old token goes. */
export async function revokeOld(ref: TokenRef, providers: readonly TokenProvider[], sinks: Sinks, io: CliIo): Promise<RevokedOld> {
	const provider = providerOf(ref, providers);
	let state: 'deleted' | 'gone' = 'deleted';
	try {
		if (provider === undefined) {
			throw new Error(`no provider for account "${ref.account}"`);
		}

		await provider.delete(ref.id, {signal: io.signal});
	} catch (error) {
		// The earlier run may have sent the delete and died before its answer came: a token that is not found is
		// what deleting it was for. Saying "failed, revoke it" would send the user after a token that is gone.
		if (!isNotFoundError(error)) {
			return {state: 'failed', detail: (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, ''), warning: null};
		}

		state = 'gone';
	}

	try {
		await sinks.journal(revokedOldLine(formatRef(ref), new Date()));
		return {state, detail: '', warning: null};
	} catch (error) {
		return {state, detail: '', warning: `the old token is gone, but that could not be recorded in the journal: ${error instanceof Error ? error.message : String(error)}`};
	}
}
