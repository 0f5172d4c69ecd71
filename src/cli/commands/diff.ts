import {diffClasses, diffRuns, type RunDiff} from '../../history/diff-runs.js';
import {UnknownRunError} from '../../history/history-error.js';
import {renderDiff} from '../../history/report/diff-report.js';
import {parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import {exitCodes} from '../exit-codes.js';
import {openStore, storeForHistoryCommand} from '../history/store.js';
import {historyFormat, parseFailOn, parseRunSelector} from '../history/run-selector.js';
import {openOutput} from '../output.js';
import {chooseFormat} from '../report-format.js';
import {UsageError} from '../usage-error.js';

const help = `Usage: tokenkit diff [--from RUN] [--to RUN] [options]

Compares two runs saved with tokenkit inventory --save or audit --save (by default the last two complete runs),
account by account: tokens created, removed (the vendor no longer lists them: deleted, or expired and dropped), and
changed, by what matters. A token missing from an incomplete list is never called removed, nor one missing from an
incomplete earlier list created. Rotations and revocations tokenkit made between the runs are named.

Changes:
  admin                 became a full-access token
  widened, narrowed     gained / lost a privilege
  allow-list-removed    its IP allow-list went: usable from any address
  allow-list-added      it got an IP allow-list where it had none
  allow-list-changed    its allow-list holds other addresses
  expiry-removed        it never expires now
  expiry-extended       its expiry was pushed out (not counted: an expiry that follows each use, as Okta's)
  expiry-added          it expires now where it did not
  expiry-shortened      it expires sooner
  owner-gone            its owner or creator left the account
  owner-changed         it names another owner or creator
  rotated               its key changed (another masked key or creation time under the same id, or tokenkit rotate)
  renamed               its name changed
  revoked, disabled, expired, enabled
                        the vendor's state of it changed
  other                 its description, kind or start time changed

Options:
  --config FILE        config file whose "history:" section names the store (default: $TOKENKIT_CONFIG,
                       ./tokenkit.yaml, ~/.config/tokenkit/config.yaml; without one, ~/.local/state/tokenkit/history.sqlite)
  --from RUN           the earlier run: an id (tokenkit history lists them), "latest", 7d (the newest complete
                       run at least 7 days old), or a date or time such as 2026-03-01 (the newest complete run
                       saved by the end of that day, UTC) (default: the complete run before --to)
  --to RUN             the later run, likewise (default: latest)
  --format FORMAT      table | json | ndjson | csv | markdown (default: from --output's extension; else table on
                       a terminal, else json)
  --output FILE        write to a new file instead of stdout (0600)
  --force              replace an existing --output report
  --provider NAMES     only these vendors (comma-separated or repeated)
  --account NAMES      only these accounts (comma-separated or repeated)
  --fail-on CLASSES    exit 3 when any of these is found: created, removed, or a change above, comma-separated
                       (e.g. --fail-on admin,widened,allow-list-removed,expiry-removed)
  -h, --help           show this help

Exit codes: 0 compared (and nothing of --fail-on found); 1 the history store cannot be read, holds fewer than two
complete runs, or (with --fail-on) an account was compared only partly, so the gate cannot say the rest is
clean; 2 bad command line or configuration, or a RUN the store does not hold; 3 a class of --fail-on was found.
`;

export const diffCommand: Command = {
	name: 'diff',
	help,
	async run(argv, io) {
		const {values} = parseCommandLine('diff', argv, {
			config: {type: 'string'},
			from: {type: 'string'},
			to: {type: 'string'},
			format: {type: 'string'},
			output: {type: 'string'},
			force: {type: 'boolean'},
			provider: {type: 'string', multiple: true},
			account: {type: 'string', multiple: true},
			'fail-on': {type: 'string', multiple: true},
			help: {type: 'boolean', short: 'h'},
		});
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		const format = historyFormat(chooseFormat(values.format, io, values.output));
		const from = values.from === undefined ? undefined : parseRunSelector('from', values.from);
		const to = values.to === undefined ? undefined : parseRunSelector('to', values.to);
		const failOn = parseFailOn(values['fail-on']);
		if (typeof from === 'number' && from === to) {
			throw new UsageError(`--from and --to both name run ${from}; a diff compares two runs`);
		}

		const history = await openStore(await storeForHistoryCommand(values.config, io), io, true);
		let diff: RunDiff;
		try {
			diff = narrowed(await diffRuns(history, {from, to}), values.provider, values.account);
		} catch (error) {
			throw error instanceof UnknownRunError ? new UsageError(`${error.message.replace(/^\[tokenkit\] /, '')}; tokenkit history lists the runs it holds`) : error;
		} finally {
			await history.close();
		}

		const failed = failOn.filter(kind => diff.classes.includes(kind));
		const output = await openOutput(values.output, io.cwd, io.stdout, io.redactor, values.force === true);
		try {
			output.write(renderDiff(diff, format, {failOn, failed}));
		} finally {
			await output.close();
		}

		if (failOn.length > 0 && diff.accounts.some(account => account.status === 'partial')) {
			io.stderr.write('tokenkit: an account\'s list was incomplete in one of the runs, so the diff cannot show that nothing of --fail-on happened there\n');
			return exitCodes.failure;
		}

		if (failed.length > 0) {
			io.stderr.write(`tokenkit: found ${failed.join(', ')} (--fail-on)\n`);
			return exitCodes.findings;
		}

		return exitCodes.ok;
	},
};

/** The diff of only the vendors and accounts asked for; a filter that matches no account of either run is a mistake. */
function narrowed(diff: RunDiff, providers: readonly string[] | undefined, accounts: readonly string[] | undefined): RunDiff {
	const wantedProviders = providers?.flatMap(value => value.split(',').map(name => name.trim()));
	const wantedAccounts = accounts?.flatMap(value => value.split(',').map(name => name.trim()));
	if (wantedProviders === undefined && wantedAccounts === undefined) {
		return diff;
	}

	const keep = (entry: {readonly provider: string; readonly account: string}): boolean =>
		(wantedProviders === undefined || wantedProviders.includes(entry.provider)) && (wantedAccounts === undefined || wantedAccounts.includes(entry.account));
	const kept = diff.accounts.filter(account => keep(account));
	if (kept.length === 0) {
		throw new UsageError(`--provider/--account match no account of run ${diff.from.id} or run ${diff.to.id} (they hold: ${diff.accounts.map(account => `${account.provider}:${account.account}`).join(', ')})`);
	}

	const tokens = diff.tokens.filter(token => keep(token));
	const found = new Set(tokens.flatMap(token => (token.change === 'changed' ? token.changes.map(change => change.kind) : [token.change])));
	return {...diff, accounts: kept, tokens, classes: diffClasses.filter(kind => found.has(kind))};
}
