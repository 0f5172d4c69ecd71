import {readFile} from 'node:fs/promises';
import type {TokenkitConfig} from '../../config.js';
import {keyEventsFromJournal} from '../../history/journal-events.js';
import {recordKeyEvents, type KeyEvent} from '../../history/key-events.js';
import {parseJournal} from '../../inventory/rotate/journal.js';
import {inert, lineLength} from '../../text/inert.js';
import type {CommandIo} from '../io.js';
import {historyInUse, openStore, storeOf} from './store.js';

/**
Records what `rotate` or `revoke` did in the history, where tokenkit keeps one (see store.ts), once the command is
done: the keys are where they belong by then, so a store that cannot be reached only earns a warning saying how to
record it later. `retry` is that advice.
*/
export async function recordInHistory(config: TokenkitConfig, events: readonly KeyEvent[], io: CommandIo, retry: string): Promise<void> {
	const settings = storeOf(config, io);
	if (events.length === 0 || !(await historyInUse(settings, config)) || settings === null) {
		return;
	}

	try {
		const history = await openStore(settings, io);
		try {
			const added = await recordKeyEvents(history, events);
			io.verbose?.(`recorded ${added} rotation and revocation event${added === 1 ? '' : 's'} in ${history.location}`);
		} finally {
			await history.close();
		}
	} catch (error) {
		const message = (error instanceof Error ? error.message : String(error)).replace(/^\[tokenkit\] /, '');
		io.stderr.write(`tokenkit: warning: ${inert(io.redactor.scrub(`not recorded in the history (${message}); ${retry}`), lineLength)}\n`);
	}
}

/**
The key events of a rotation run: read from its journal file (which holds what every run on that secret file did,
a crashed one included), or from the journal lines kept in memory where the keys went to stdout.
*/
export async function rotationEvents(journalPath: string | null, kept: readonly string[], io: CommandIo): Promise<KeyEvent[]> {
	try {
		const text = journalPath === null ? kept.join('') : await readFile(journalPath, 'utf8');
		if (text === '') {
			return [];
		}

		return keyEventsFromJournal(parseJournal(text, journalPath ?? 'the rotation journal'), journalPath === null ? 'rotate' : `journal ${journalPath}`);
	} catch (error) {
		// A journal the run could not write whole already failed the run, loudly; here it only means less to record.
		io.verbose?.(`the rotation journal could not be read for the history: ${error instanceof Error ? error.message : String(error)}`);
		return [];
	}
}
