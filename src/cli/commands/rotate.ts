import {resolve} from 'node:path';
import {builtInVendors} from '../../../providers/index.js';
import {ConfigError} from '../../errors/index.js';
import {parseDuration} from '../../inventory/rotate/duration.js';
import {parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import {vendorsOf} from '../accounts.js';
import {readConfigFile} from '../config-file.js';
import {checkCanConfirm} from '../confirm.js';
import {exitCodes} from '../exit-codes.js';
import {checkRefsGiven, checkStdinAnswer, refCommandOptions, refTargets} from '../ref-accounts.js';
import {gatherRefs} from '../ref-list.js';
import {applyRun} from '../rotate/apply-run.js';
import {dryRunPlan} from '../rotate/dry-run.js';
import {lockJournal} from '../rotate/journal-lock.js';
import {revokeCommandFor} from '../rotate/revoke-command.js';
import {rotationHelpLines} from '../rotate/strategy-help.js';
import {checkTarget} from '../rotate/target.js';
import {UsageError} from '../usage-error.js';
import {recordInHistory, rotationEvents} from '../history/record-key-events.js';
import type {VendorDefinition} from '../../vendor.js';

/** The help text, listing how each vendor rotates (vendor modules named by --config's `vendors:` included). */
export function rotateHelp(vendors: readonly VendorDefinition[]): string {
	return `Usage: tokenkit rotate REF... [options]

Gives each token a new key, in its vendor's way, and writes every new key to --secret-out before any old
key is revoked. REF is provider:account:id, as the REF column of tokenkit inventory and audit shows it; "-"
reads REFs from stdin, one per line.

${rotationHelpLines(vendors)}

Where the old key survives the rotation (the vendor expires it, or tokenkit revokes it), --grace keeps it
working for that long; where the vendor revokes it at once, --grace is refused (exit 2).

The key tokenkit itself authenticates with for an account (marked * in inventory and audit) is refused unless
--include-own-credential is given, and then rotated after every other REF: afterwards the config holds a dead
key, to be replaced with the new one from --secret-out.

Options:
  --config FILE               config file (default: $TOKENKIT_CONFIG, ./tokenkit.yaml,
                              ~/.config/tokenkit/config.yaml)
  --dry-run                   print the plan; only reads are sent, nothing changes
  --secret-out FILE           where the new keys go: a new file, created 0600, never overwritten; required to
                              apply. "-" writes them to stdout (the report then goes to stderr)
  --grace DURATION            how long old keys keep working: 30m, 12h, 7d (at most 90d), 0 (default)
  --refs-from FILE            read REFs from FILE (or - for stdin), one per line; blank lines and # comments
                              are skipped, and a REF listed more than once is rotated once
  --include-own-credential    also rotate the key tokenkit authenticates with (last)
  --yes                       do not ask; required when stdin is not a terminal or holds the REFs
  -h, --help                  show this help

The secret file holds one JSON object per line:
  {"ref":"mist:hq:<new id>","rotated":"mist:hq:<old id>","name":"ci-deploy","key":"<new key>"}
Beside it, FILE.journal (0600, no keys) records each step as JSON lines. If a run is interrupted, run the
same command again: it reads the journal, finishes what was left (deletes old tokens whose new key is
stored), rotates what was not started, and never mints a second key for a token whose outcome is unknown:
those it reports for you to check.
While it runs, FILE.journal.lock holds its pid: a second run on the same FILE refuses (exit 2) until the
first ends. A lock left by a process that is no longer running (a crash) is taken over, with a warning.

Where tokenkit keeps a history (the config's "history:" section, or the default store once a run was saved),
each new key is recorded there, so tokenkit audit ages it from its rotation and tokenkit diff names it.

Exit codes: 0 every REF rotated (or, with --dry-run, can be); 1 a REF failed, cannot be rotated or was
refused (the own credential), or the question was declined; 2 bad command line, config or REF, or another run holds FILE's lock (nothing
was changed); 130 interrupted.
`;
}

const help = rotateHelp(builtInVendors);

export const rotateCommand: Command = {
	name: 'rotate',
	help,
	async run(argv, io) {
		const {values, positionals} = parseCommandLine('rotate', argv, {
			...refCommandOptions,
			grace: {type: 'string'},
			'dry-run': {type: 'boolean'},
			'secret-out': {type: 'string'},
		}, true);
		if (values.help === true) {
			// With --config, the vendors its `vendors:` modules define are listed too.
			io.stdout.write(values.config === undefined ? help : rotateHelp(await vendorsOf(await readConfigFile(values.config, io))));
			return exitCodes.ok;
		}

		if (values['refs-from'] === undefined) {
			checkRefsGiven('rotate', positionals);
		}

		const dryRun = values['dry-run'] === true;
		const secretOut = values['secret-out'];
		const grace = values.grace === undefined ? undefined : parseGrace(values.grace);
		if (!dryRun && secretOut === undefined) {
			throw new UsageError('rotate needs --secret-out FILE (or - for stdout) to put the new keys in; or --dry-run to see the plan');
		}

		if (secretOut === '') {
			throw new UsageError('--secret-out needs a file name, or - for stdout');
		}

		const gathered = await gatherRefs(positionals, values['refs-from'], io);
		checkStdinAnswer(gathered.fromStdin, values.yes === true || dryRun);
		const {refs, providers, config} = await refTargets('rotate', gathered.texts, values.config, io);
		const includeOwnCredential = values['include-own-credential'] === true;
		const revokeCommand = revokeCommandFor(values.config);
		if (dryRun || secretOut === undefined) {
			return dryRunPlan(refs, providers, {gracePeriod: grace ?? 0, includeOwnCredential}, revokeCommand, io);
		}

		checkCanConfirm(io, values.yes === true, 'rotate changes keys at the vendors');
		const path = secretOut === '-' ? null : resolve(io.cwd, secretOut);
		// Taken before the journal is read, so no other run can change what it says until this one ends.
		const lock = path === null ? null : await lockJournal(path, io);
		const kept: string[] = [];
		try {
			const target = path === null ? null : await checkTarget(path, refs, grace);
			const gracePeriod = target?.journal?.header.gracePeriodMs ?? grace ?? 0;
			const code = await applyRun({refs, providers, gracePeriod, includeOwnCredential, graceGiven: values.grace !== undefined || (target?.journal ?? null) !== null, target, yes: values.yes === true, revokeCommand, keepJournal: line => kept.push(line)}, io);
			// What was rotated, so the audit ages these keys from now (the journal beside the keys says it all, crashed runs included).
			const journal = target?.journalPath ?? null;
			await recordInHistory(config, await rotationEvents(journal, kept, io), io, journal === null ? 'rotations to stdout cannot be imported later' : `record them later with: tokenkit history --import-journal ${journal}`);
			return code;
		} finally {
			await lock?.release();
		}
	},
};

function parseGrace(text: string): number {
	try {
		return parseDuration(text, '--grace');
	} catch (error) {
		throw error instanceof ConfigError ? new UsageError(error.message.replace(/^\[tokenkit\] /, '')) : error;
	}
}
