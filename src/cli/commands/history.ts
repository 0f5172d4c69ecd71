import {resolve} from 'node:path';
import {UnknownRunError} from '../../history/history-error.js';
import {keyEventsFromJournal} from '../../history/journal-events.js';
import {recordKeyEvents} from '../../history/key-events.js';
import {listRuns} from '../../history/list-runs.js';
import type {History} from '../../history/open.js';
import {pruneRuns} from '../../history/prune.js';
import {renderRuns, renderTimeline} from '../../history/report/runs-report.js';
import {tokenTimeline} from '../../history/timeline.js';
import {maxConfigBytes} from '../../config.js';
import {parseJournal} from '../../inventory/rotate/journal.js';
import {parseRef} from '../../inventory/rotate/ref.js';
import {readRegularFile} from '../../read-regular-file.js';
import {integerFlag, parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import {checkCanConfirm, confirm} from '../confirm.js';
import {exitCodes} from '../exit-codes.js';
import {historyFormat} from '../history/run-selector.js';
import {openStore, storeForHistoryCommand} from '../history/store.js';
import type {CommandIo} from '../io.js';
import {openOutput} from '../output.js';
import {chooseFormat} from '../report-format.js';
import {UsageError} from '../usage-error.js';

const help = `Usage: tokenkit history [options]
       tokenkit history --token REF
       tokenkit history --prune DAYS [--yes]
       tokenkit history --import-journal FILE...

Lists the runs saved with tokenkit inventory --save or audit --save: id, when (UTC), what saved it, how many
accounts and tokens, the audit's findings, whether every account's list was complete, and the tokenkit version.

With --token, one token's timeline instead, from every saved run of its account, including after it vanished:
when it was first listed, each change, each rotation or revocation tokenkit made, runs whose list of its account
was incomplete, and the run whose complete list no longer held it.

Options:
  --config FILE          config file whose "history:" section names the store (default: $TOKENKIT_CONFIG,
                         ./tokenkit.yaml, ~/.config/tokenkit/config.yaml; without one,
                         ~/.local/state/tokenkit/history.sqlite)
  --token REF            the timeline of one token, REF as provider:account:id
  --limit N              only the newest N runs
  --format FORMAT        table | json | ndjson | csv | markdown (default: from --output's extension; else table on
                         a terminal, else json)
  --output FILE          write to a new file instead of stdout (0600)
  --force                replace an existing --output report
  --prune DAYS           delete the runs saved more than DAYS days ago (the newest complete run is always kept,
                         as is every rotation and revocation tokenkit recorded); asks first on a terminal
  --import-journal FILE  record the rotations and revocations of a rotation journal (FILE.journal beside a
                         --secret-out file), for runs made where no history was kept; repeatable, and a journal
                         imported twice is recorded once
  --yes                  do not ask before --prune; required when stdin is not a terminal
  -h, --help             show this help

Exit codes: 0 done; 1 the history store cannot be read or written, or a question was declined; 2 bad command line,
configuration, REF or journal (nothing was changed).
`;

export const historyCommand: Command = {
	name: 'history',
	help,
	async run(argv, io) {
		const {values} = parseCommandLine('history', argv, {
			config: {type: 'string'},
			token: {type: 'string'},
			limit: {type: 'string'},
			format: {type: 'string'},
			output: {type: 'string'},
			force: {type: 'boolean'},
			prune: {type: 'string'},
			'import-journal': {type: 'string', multiple: true},
			yes: {type: 'boolean'},
			help: {type: 'boolean', short: 'h'},
		});
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		const modes = [values.token, values.prune, values['import-journal']].filter(value => value !== undefined).length;
		if (modes > 1) {
			throw new UsageError('--token, --prune and --import-journal each do something else; give one of them');
		}

		const format = historyFormat(chooseFormat(values.format, io, values.output));
		const limit = integerFlag('limit', values.limit, 1, 1_000_000);
		const ref = values.token === undefined ? undefined : parseRef(values.token);
		const pruneDays = integerFlag('prune', values.prune, 1, 36_500);
		const journals = values['import-journal'] === undefined ? undefined : await readJournals(values['import-journal'], io);
		if (pruneDays !== undefined) {
			checkCanConfirm(io, values.yes === true, `--prune deletes saved runs older than ${pruneDays} days`);
		}

		// Only importing journals records anything: the other modes read a store that must be there.
		const history = await openStore(await storeForHistoryCommand(values.config, io), io, journals === undefined);
		try {
			if (journals !== undefined) {
				return await importJournals(history, journals, io);
			}

			if (pruneDays !== undefined) {
				return await prune(history, pruneDays, values.yes === true, io);
			}

			const text = ref === undefined
				? renderRuns(await listRuns(history, {limit}), format, history.location)
				: renderTimeline(await tokenTimeline(history, ref), format);
			await write(text, values.output, values.force === true, io);
			return exitCodes.ok;
		} catch (error) {
			throw error instanceof UnknownRunError ? new UsageError(error.message) : error;
		} finally {
			await history.close();
		}
	},
};

async function write(text: string, path: string | undefined, force: boolean, io: CommandIo): Promise<void> {
	const output = await openOutput(path, io.cwd, io.stdout, io.redactor, force);
	try {
		output.write(text);
	} finally {
		await output.close();
	}
}

async function prune(history: History, days: number, yes: boolean, io: CommandIo): Promise<number> {
	const before = new Date(Date.now() - days * 86_400_000);
	if (!yes && !(await confirm(io, `Delete the runs saved before ${before.toISOString()} from ${history.location}?`))) {
		io.stderr.write('Not confirmed: nothing was deleted.\n');
		return exitCodes.failure;
	}

	const pruned = await pruneRuns(history, {before});
	io.stdout.write(`deleted ${pruned.runs} run${pruned.runs === 1 ? '' : 's'} saved before ${before.toISOString()} and ${pruned.records} token record${pruned.records === 1 ? '' : 's'} only they used\n`);
	return exitCodes.ok;
}

interface ReadJournal {
	readonly path: string;
	readonly journal: ReturnType<typeof parseJournal>;
}

/** Every journal read and checked before the store is touched: one that is not a journal changes nothing. */
async function readJournals(paths: readonly string[], io: CommandIo): Promise<ReadJournal[]> {
	const journals: ReadJournal[] = [];
	for (const given of paths) {
		const path = resolve(io.cwd, given);
		// A journal holds one short line per step of a rotation: far below the config's bound.
		const read = await readRegularFile(path, maxConfigBytes * 16);
		if (!read.ok) {
			throw new UsageError(`--import-journal ${path} cannot be read (${read.problem})`);
		}

		journals.push({path, journal: parseJournal(read.text, path)});
	}

	return journals;
}

async function importJournals(history: History, journals: readonly ReadJournal[], io: CommandIo): Promise<number> {
	for (const {path, journal} of journals) {
		const events = keyEventsFromJournal(journal, `journal ${path}`);
		const added = await recordKeyEvents(history, events);
		io.stdout.write(`${path}: ${events.length} rotation and revocation record${events.length === 1 ? '' : 's'}, ${added} new\n`);
	}

	return exitCodes.ok;
}
