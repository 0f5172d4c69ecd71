import type {TokenkitConfig} from '../../config.js';
import type {HistorySettings} from '../../history/config-section.js';
import {keyRenewals} from '../../history/key-events.js';
import type {History} from '../../history/open.js';
import {createRunRows, saveRunRows} from '../../history/save-run.js';
import {inert, lineLength} from '../../text/inert.js';
import {exitCodes} from '../exit-codes.js';
import type {CommandIo} from '../io.js';
import {outputClosed} from '../output-closed.js';
import type {RunRecorder} from './recorder.js';
import {historyInUse, openStore, saveTarget, storeOf} from './store.js';

/**
Opens the store before the first request when the run is to be saved, so a store that cannot be reached or a
config that names none fails the run before it lists for minutes. An audit also reads when each key was last
rotated, wherever tokenkit keeps a history (a store that cannot be read then is a warning: ages count from creation).
*/
export async function openRunRecorder(command: 'inventory' | 'audit', save: boolean, config: TokenkitConfig | null, io: CommandIo): Promise<RunRecorder> {
	const startedAt = new Date();
	const settings: HistorySettings | null = save ? saveTarget(config, io) : (command === 'audit' && config !== null ? storeOf(config, io) : null);
	let history: History | null = null;
	if (save && settings !== null) {
		history = await openStore(settings, io);
	} else if (settings !== null && await historyInUse(settings, config)) {
		history = await openStore(settings, io).catch((error: unknown) => {
			io.stderr.write(`tokenkit: warning: ${inert(io.redactor.scrub(`the history store cannot be read (${messageOf(error)}), so ages count from each token's creation`), lineLength)}\n`);
			return null;
		});
	}

	const keyRenewedAt = command === 'audit' && history !== null ? await keyRenewals(history) : undefined;
	if (!save && history !== null) {
		await history.close();
		history = null;
	}

	// Each token becomes its stored record as it arrives: the listing keeps a few hundred bytes per token, not the token.
	const rows = history === null ? null : createRunRows(io.redactor, command === 'audit');
	return {
		keyRenewedAt,
		token(token) {
			rows?.token(token);
		},
		audit(audit) {
			rows?.token(audit.token);
			rows?.findings(audit);
		},
		async finish(outcomes, quiet) {
			if (history === null || rows === null) {
				return null;
			}

			if (io.signal.aborted) {
				// A reader that went away is told nothing; a person who interrupted is told what was not kept.
				if (!outputClosed(io.signal)) {
					io.stderr.write('tokenkit: the run was interrupted, so it was not saved to the history\n');
				}

				return null;
			}

			try {
				const saved = await saveRunRows(history, {startedAt, command, accounts: outcomes}, rows, {redactor: io.redactor});
				if (!quiet) {
					const incomplete = saved.incompleteAccounts > 0 ? `; ${saved.incompleteAccounts} incomplete account${saved.incompleteAccounts === 1 ? '' : 's'}, whose missing tokens a diff will not call removed` : '';
					io.stderr.write(`tokenkit: saved run ${saved.id} (${saved.tokens} token${saved.tokens === 1 ? '' : 's'}, ${saved.accounts} account${saved.accounts === 1 ? '' : 's'}${incomplete}) to ${inert(history.location, lineLength)}\n`);
				}

				return null;
			} catch (error) {
				io.stderr.write(`tokenkit: the run was not saved: ${inert(io.redactor.scrub(messageOf(error)), lineLength)}\n`);
				return exitCodes.failure;
			}
		},
		async close() {
			await history?.close();
		},
	};
}

/** An error's message without the `[tokenkit]` tag, for a sentence that already says it is tokenkit's. */
function messageOf(error: unknown): string {
	return (error instanceof Error ? error.message : String(error)).replace(/^\[tokenkit\] /, '');
}
