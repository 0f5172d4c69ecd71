import {auditDefaults, type AccountConfig, type AuditSettings} from '../../config.js';
import type {Acceptance} from '../../inventory/audit/acceptance.js';
import {auditInventory} from '../../inventory/audit/audit-inventory.js';
import type {TokenAudit} from '../../inventory/audit/types.js';
import type {HtmlReportInput} from '../../inventory/report/html/data.js';
import {renderHtmlReport} from '../../inventory/report/html/page.js';
import type {VendorDefinition} from '../../vendor.js';
import {vendorsOf} from '../accounts.js';
import {integerFlag, parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import {exitCodes} from '../exit-codes.js';
import type {CommandIo} from '../io.js';
import {readConfigFile} from '../config-file.js';
import {parseRunSelector} from '../history/run-selector.js';
import {savedRunReport} from '../history/saved-run-report.js';
import {listingOptions} from '../listing-options.js';
import {openListingRun, withChosenAccounts} from '../listing-run.js';
import {openOutput, type Output} from '../output.js';
import {prepareReport, type PendingReport} from '../report-file.js';
import {reportStopped} from '../stopped.js';
import {UsageError} from '../usage-error.js';

const help = `Usage: tokenkit report --html FILE [options]

Lists and audits every token of every configured account (as "tokenkit audit" does) and writes one HTML page
for people: summary figures; charts of tokens by vendor and kind, findings by severity and by policy, age,
last use and what expires in the next 30, 60 and 90 days; how each account's list ended; and tables of
findings and tokens to sort (press a heading) and filter (type words). The file is self-contained: it loads
nothing from the network (its Content-Security-Policy forbids it), so it opens from a mail attachment, in light
or dark mode, and prints.

With --from RUN the page is drawn from a run saved with tokenkit inventory --save or audit --save, and nothing is
sent to any vendor: the run's tokens, how each account's list ended, and ages as of the run. An audit's findings
are those it saved; an inventory's tokens are audited with the config's audit settings and accepted risks, as of
the run's time. The page says which.

Options:
  --html FILE          write the page to FILE (0600), a new file unless --force; - for stdout. The page
                       is written whole at the end: until then nothing is under that name
  --force              replace an existing report (never a secret file of tokenkit rotate)
  --from RUN           draw the page from a saved run instead of listing: an id (tokenkit history lists them),
                       "latest", 7d (the newest complete run at least 7 days old), or a date or time such as
                       2026-03-01 (the newest complete run saved by the end of that day, UTC)
  --config FILE        config file (default: $TOKENKIT_CONFIG, ./tokenkit.yaml, ~/.config/tokenkit/config.yaml)
  --demo               run against built-in simulators of every vendor
  --provider NAMES     only accounts of these vendors (comma-separated or repeated)
  --account NAMES      only these accounts (comma-separated or repeated)
  --concurrency N      accounts listed at once (default 8)
  --quiet              no progress or closing summary on stderr
  -h, --help           show this help

Exit codes: 0 every account listed completely; 1 an account failed (the page says which list is incomplete;
with --from, an account's list was incomplete in the saved run), the history store cannot be read, or the page
could not be written; 2 bad command line, configuration or --html FILE (nothing is sent), or a RUN the history
store does not hold, or no history store (nothing is written).
`;

// Where the accounts come from and how fast, as inventory and audit take them; the page has its own flag, --html.
const {config, demo, force, provider, account, concurrency, quiet, help: helpFlag} = listingOptions;
const reportOptions = {config, demo, force, provider, account, concurrency, quiet, help: helpFlag, html: {type: 'string'}, from: {type: 'string'}} as const;

export const reportCommand: Command = {
	name: 'report',
	help,
	async run(argv, io) {
		const {values} = parseCommandLine('report', argv, reportOptions);
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		if (values.html === undefined) {
			throw new UsageError('report needs --html FILE (or --html - for stdout): the page to write');
		}

		const html = values.html;
		if (values.from !== undefined) {
			return reportFromRun(values.from, html, values, io);
		}

		const concurrency = integerFlag('concurrency', values.concurrency, 1, 64) ?? 8;
		return withChosenAccounts(values, io, async (accounts, config) => {
			const options: ReportRun = {
				concurrency, quiet: values.quiet === true, vendors: await vendorsOf(config, accounts), settings: config?.audit ?? auditDefaults, accepted: config?.accepted ?? [],
			};
			// The file's place is checked, and a temporary file made, before any request is sent.
			const pending = html === '-' ? undefined : await prepareReport('--html', html, io.cwd, values.force === true);
			try {
				return await report(accounts, options, pending, io);
			} catch (error) {
				await pending?.discard();
				throw error;
			}
		});
	},
};

/** The flags of `report` that --from reads. */
interface FromFlags {
	readonly config?: string | undefined;
	readonly demo?: boolean | undefined;
	readonly concurrency?: string | undefined;
	readonly force?: boolean | undefined;
	readonly quiet?: boolean | undefined;
	readonly provider?: string[] | undefined;
	readonly account?: string[] | undefined;
}

/** The page of a saved run: the store is read whole before the file is made, so a RUN it lacks leaves nothing behind. */
async function reportFromRun(from: string, html: string, flags: FromFlags, io: CommandIo): Promise<number> {
	if (flags.demo === true) {
		throw new UsageError('--from draws a saved run, and the demo\'s runs are never saved; leave out --demo');
	}

	if (flags.concurrency !== undefined) {
		throw new UsageError('--from lists nothing, so --concurrency has nothing to do; leave it out');
	}

	const selector = parseRunSelector('from', from);
	const config = await readConfigFile(flags.config, io);
	const input = await savedRunReport(selector, config, {providers: flags.provider, accounts: flags.account}, io);
	const pending = html === '-' ? undefined : await prepareReport('--html', html, io.cwd, flags.force === true);
	const output = await openOutput(undefined, io.cwd, io.stdout, io.redactor);
	try {
		await writePage(input, pending, output, io);
	} catch (error) {
		await pending?.discard();
		throw error;
	} finally {
		await output.close();
	}

	const failed = input.outcomes.filter(outcome => !outcome.complete).length;
	if (flags.quiet !== true) {
		const where = pending === undefined ? 'stdout' : pending.path;
		io.stderr.write(`tokenkit: ${input.audits.length} token${input.audits.length === 1 ? '' : 's'} of ${input.outcomes.length} account${input.outcomes.length === 1 ? '' : 's'} from the saved run; report written to ${where}${failed > 0 ? `; ${failed} account${failed === 1 ? '' : 's'} had an incomplete list in that run, the report says which` : ''}\n`);
	}

	return failed > 0 ? exitCodes.failure : exitCodes.ok;
}

/** Writes the page to its file, or to stdout with --html -. */
async function writePage(input: HtmlReportInput, pending: PendingReport | undefined, output: Output, io: CommandIo): Promise<void> {
	// Scrubbed whole, like every report: no registered secret (or any 12 characters of one) reaches the page.
	const page = io.redactor.scrub(renderHtmlReport(input));
	if (pending === undefined) {
		output.write(page);
	} else {
		await pending.commit(page);
	}
}

interface ReportRun {
	readonly concurrency: number;
	readonly quiet: boolean;
	readonly vendors: readonly VendorDefinition[];
	readonly settings: AuditSettings;
	readonly accepted: readonly Acceptance[];
}

/**
A live run over the accounts, made into what the page is drawn from. The page takes an `HtmlReportInput`, so a run
kept by a history store can be drawn the same way.
*/
async function report(accounts: readonly AccountConfig[], run: ReportRun, pending: PendingReport | undefined, io: CommandIo): Promise<number> {
	// Stdout is the page only with --html -; otherwise nothing is written to it.
	const {progress, providers, output, outcomes} = await openListingRun(accounts, {quiet: run.quiet, output: undefined, vendors: run.vendors, concurrency: run.concurrency}, io);
	const generatedAt = new Date();
	const audits: TokenAudit[] = [];
	try {
		for await (const event of auditInventory(providers, {settings: run.settings, accepted: run.accepted, now: generatedAt, concurrency: run.concurrency, signal: io.signal})) {
			if (event.type === 'token') {
				progress.token();
				audits.push({token: event.token, findings: event.findings});
			} else {
				outcomes.record(event);
			}
		}

		const ordered = outcomes.ordered();
		const fields = new Map(providers.map(provider => [`${provider.provider}\u0000${provider.account}`, provider.capabilities.fields]));
		const input: HtmlReportInput = {
			audits,
			outcomes: ordered,
			generatedAt,
			fieldsOf: (provider, account) => {
				const known = fields.get(`${provider}\u0000${account}`);
				return {lastUsed: known?.lastUsed ?? true, expiry: known?.expiry ?? true};
			},
		};
		await writePage(input, pending, output, io);

		progress.clear();
		if (io.signal.aborted) {
			return reportStopped(io, progress.summary());
		}

		const failed = ordered.filter(outcome => !outcome.complete).length;
		if (!run.quiet) {
			const where = pending === undefined ? 'stdout' : pending.path;
			io.stderr.write(`tokenkit: ${progress.summary()}; report written to ${where}${failed > 0 ? `; ${failed} account${failed === 1 ? '' : 's'} failed, the report says which lists are incomplete` : ''}\n`);
		}

		return failed > 0 ? exitCodes.failure : exitCodes.ok;
	} finally {
		await output.close();
	}
}
