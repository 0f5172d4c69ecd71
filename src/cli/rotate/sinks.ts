import {rm} from 'node:fs/promises';
import {ConfigError, TokenkitError} from '../../errors/index.js';
import {createDurableFile, openDurableFileForAppend, type DurableFile} from '../../inventory/rotate/durable-file.js';
import {journalHeader} from '../../inventory/rotate/journal.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import type {CliIo} from '../io.js';
import {UsageError} from '../usage-error.js';
import type {Target} from './target.js';

/** Where the keys and the journal go: files, or stdout for the keys and no journal. */
export interface Sinks {
	readonly keys: (text: string) => Promise<void>;
	readonly journal: (text: string) => Promise<void>;
	close(): Promise<void>;
}

/**
Opens the secret file and its journal at `target` (a new pair starts with the journal's header; an earlier
run's pair is appended to), or stdout for the keys when `target` is null, the journal's lines then handed to
`keepJournal` only.
*/
export async function openSinks(target: Target | null, refs: readonly TokenRef[], gracePeriod: number, io: CliIo, keepJournal?: (line: string) => void): Promise<Sinks> {
	if (target === null) {
		keepJournal?.(journalHeader(refs.map(ref => formatRef(ref)), gracePeriod, new Date()));
		// No file beside stdout to hold a journal: the report on stderr is the record.
		return {
			keys: async text => new Promise<void>((done, fail) => {
				io.stdout.write(text, error => {
					if (error === null || error === undefined) {
						done();
					} else {
						fail(error);
					}
				});
			}),
			journal: async text => {
				keepJournal?.(text);
				return Promise.resolve();
			},
			close: async () => Promise.resolve(),
		};
	}

	const files: DurableFile[] = [];
	const options = io.disk ?? {};
	try {
		if (target.journal === null) {
			files.push(await createDurableFile(target.path, options), await createDurableFile(target.journalPath, options));
			await files[1]?.append(journalHeader(refs.map(ref => formatRef(ref)), gracePeriod, new Date()));
		} else {
			files.push(await openDurableFileForAppend(target.path, options), await openDurableFileForAppend(target.journalPath, options));
		}
	} catch (error) {
		await Promise.all(files.map(async file => file.close()));
		if (target.journal === null && files.length === 2) {
			// The journal's first line could not be written (a full disk): both files were made a moment ago and hold
			// nothing, and left behind they would stop the next run ("exists"). Nothing was sent yet.
			await Promise.all(files.map(async file => rm(file.path, {force: true})));
			throw new TokenkitError(`--secret-out ${target.path}: ${error instanceof Error ? error.message : String(error)}; no token was changed and no file was left behind`, {}, {cause: error});
		}

		throw error instanceof ConfigError ? new UsageError(`--secret-out: ${error.message.replace(/^\[tokenkit\] /, '')}`) : error;
	}

	const [keys, journal] = files;
	if (keys === undefined || journal === undefined) {
		throw new Error('the secret file and its journal were not both opened');
	}

	return {
		keys: async text => keys.append(text),
		journal: async text => journal.append(text),
		async close() {
			await Promise.all([keys.close(), journal.close()]);
		},
	};
}
