import {auditDefaults, type AccountConfig, type AuditSettings, type TokenkitConfig} from '../../config.js';
import {acceptanceExpiredRule, type Acceptance} from '../../inventory/audit/acceptance.js';
import {auditInventoryInBatches} from '../../inventory/audit/audit-inventory.js';
import {auditPolicies} from '../../inventory/audit/policies.js';
import {auditCsvWriter} from '../../inventory/audit/report/csv.js';
import {auditJsonWriter, auditNdjsonWriter} from '../../inventory/audit/report/json.js';
import {auditSarifWriter, type SarifOptions} from '../../inventory/audit/report/sarif.js';
import {auditTableWriter} from '../../inventory/audit/report/table.js';
import type {AuditRun, AuditWriter} from '../../inventory/audit/report/types.js';
import {atLeast, severities, type Severity} from '../../inventory/audit/severity.js';
import {summarizeAudit} from '../../inventory/audit/summary.js';
import type {TokenAudit} from '../../inventory/audit/types.js';
import type {Write} from '../../inventory/report/types.js';
import {integerFlag, parseCommandLine} from '../arguments.js';
import {listingOptions} from '../listing-options.js';
import {openListingRun, withChosenAccounts} from '../listing-run.js';
import {vendorsOf} from '../accounts.js';
import type {VendorDefinition} from '../../vendor.js';
import type {Command} from '../command.js';
import {exitCodes} from '../exit-codes.js';
import type {CommandIo} from '../io.js';
import {chooseFormat, type ReportFormat} from '../report-format.js';
import {sarifPlaces} from '../sarif-locations.js';
import {packageVersion} from '../version.js';
import {reportStopped} from '../stopped.js';
import {UsageError} from '../usage-error.js';
import {idleRecorder, type RunRecorder} from '../history/recorder.js';

const help = `Usage: tokenkit audit [options]

Lists every API token of every configured account and reports the risky ones: each finding with a severity,
a one-line reason with the numbers, what tokenkit can do about it on that vendor (rotate, revoke, or none and
what to do instead), and its OWASP Non-Human Identities Top 10 (2025) category. Then counts by vendor and
severity, and by policy.

Policies (thresholds from the config's "audit" section; a policy about a field applies only where the vendor
records that field):
${auditPolicies.map(policy => `  ${policy.id.padEnd(17)} ${policy.description}\n  ${''.padEnd(17)} ${policy.owasp.id} ${policy.owasp.title}. Severity: ${policy.severityRule}`).join('\n')}
A token past its expiry gets only "expired": its key no longer authenticates. The config's "audit.policies"
switches a policy off or changes its days, for every vendor or one.

Accepted risks (the config's "audit.accepted", or the file "audit.acceptedFile" names) are reported as
accepted, with their owner, reason and expiry, and count neither in the totals nor for --fail-on. Once an
acceptance expires the finding counts again, beside this one:
  ${acceptanceExpiredRule.id.padEnd(17)} ${acceptanceExpiredRule.description}

Options:
  --config FILE        config file (default: $TOKENKIT_CONFIG, ./tokenkit.yaml, ~/.config/tokenkit/config.yaml)
  --demo               run against built-in simulators of every vendor, default thresholds
  --format FORMAT      table | json | ndjson | csv | markdown | sarif (default: from --output's extension,
                       .csv .json .ndjson .jsonl .md .txt .sarif; else table on a terminal, else json)
  --output FILE        write to a new file instead of stdout (0600)
  --force              replace an existing --output report (never a secret file of tokenkit rotate)
  --provider NAMES     only accounts of these vendors (comma-separated or repeated)
  --account NAMES      only these accounts (comma-separated or repeated)
  --concurrency N      accounts listed at once (default 8)
  --summary            table and markdown: only the counts, not every finding
  --fail-on LEVEL      low | medium | high: exit 3 when a finding is at this severity or worse
                       (default: findings do not change the exit code)
  --quiet              no progress or closing summary on stderr
  --save               record the run and its findings in the history store (the config's "history:",
                       else ~/.local/state/tokenkit/history.sqlite): see tokenkit history and tokenkit diff
  -h, --help           show this help

Where tokenkit keeps a history (the config names a store, or the default one exists), a key tokenkit rotated is
aged from its last rotation rather than from its token's creation (a LaunchDarkly reset keeps the creation date).

Exit codes: 0 every account audited completely (and nothing at or above --fail-on); 1 an account failed: its
audit is incomplete (the others are still audited and reported), and this wins over 3, since findings from a
partial list cannot show that the rest is clean; 2 bad command line or configuration; 3 a finding at or above
--fail-on; 1 also when --save could not save the run.
`;

export const auditCommand: Command = {
	name: 'audit',
	help,
	async run(argv, io) {
		const {values} = parseCommandLine('audit', argv, {
			...listingOptions,
			'fail-on': {type: 'string'},
			summary: {type: 'boolean'},
		});
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		const format = chooseFormat(values.format, io, values.output, ['sarif']);
		const concurrency = integerFlag('concurrency', values.concurrency, 1, 64) ?? 8;
		const failOn = failOnFlag(values['fail-on']);
		const summaryOnly = values.summary === true;
		if (summaryOnly && format !== 'table' && format !== 'markdown') {
			throw new UsageError('--summary goes with --format table or markdown; json, ndjson and csv always carry every finding');
		}

		return withChosenAccounts(values, io, async (accounts, config) => {
			// The demo keeps no history and reads none: its audit loads nothing of the store (a --save is refused there).
			const recorder = values.save === true || config !== null ? await (await import('../history/run-recorder.js')).openRunRecorder('audit', values.save === true, config, io) : idleRecorder;
			try {
				return await audit(accounts, {
					format, summaryOnly, concurrency, output: values.output, force: values.force === true, quiet: values.quiet === true, failOn, settings: config?.audit ?? auditDefaults, vendors: await vendorsOf(config, accounts), recorder,
					accepted: config?.accepted ?? [], sarif: format === 'sarif' ? await sarifOptions(config, values.quiet === true, io) : {},
				}, io);
			} finally {
				await recorder.close();
			}
		});
	},
};

interface AuditCliRun {
	readonly format: ReportFormat | 'sarif';
	readonly summaryOnly: boolean;
	readonly concurrency: number;
	readonly output: string | undefined;
	readonly force: boolean;
	readonly quiet: boolean;
	readonly failOn: Severity | null;
	readonly settings: AuditSettings;
	readonly vendors: readonly VendorDefinition[];
	readonly accepted: readonly Acceptance[];
	readonly sarif: SarifOptions;
	readonly recorder: RunRecorder;
}

/**
Where SARIF results point: each account's line in the config file, relative to the repository root (GitHub refuses
paths outside it). A config in no repository is located from its own directory, and stderr says so; the demo has no
file, so its results carry only their REF.
*/
async function sarifOptions(config: TokenkitConfig | null, quiet: boolean, io: CommandIo): Promise<SarifOptions> {
	if (config === null) {
		return {toolVersion: packageVersion()};
	}

	const places = await sarifPlaces(config.path, config.accounts);
	if (!places.inRepository && !quiet) {
		io.stderr.write(`tokenkit: no git repository holds ${config.path}; SARIF locations are relative to its directory, ${places.root}\n`);
	}

	return {toolVersion: packageVersion(), locate: (provider, account) => places.locate(provider, account), rootUri: places.rootUri};
}

async function audit(accounts: readonly AccountConfig[], options: AuditCliRun, io: CommandIo): Promise<number> {
	const {progress, providers, output, outcomes} = await openListingRun(accounts, options, io);
	const run: AuditRun = {auditedAt: new Date(), settings: options.settings, failOn: options.failOn};
	const writer = writerFor(options.format, text => {
		output.write(text);
	}, run, options);
	const audits: TokenAudit[] = [];

	try {
		const batches = auditInventoryInBatches(providers, {settings: options.settings, accepted: options.accepted, now: run.auditedAt, concurrency: options.concurrency, signal: io.signal, keyRenewedAt: options.recorder.keyRenewedAt});
		// A batch at a time, as `inventory` writes: no promise per token, and a wait only when the reader is behind.
		for await (const events of batches) {
			for (const event of events) {
				if (event.type === 'token') {
					progress.token();
					const tokenAudit = {token: event.token, findings: event.findings};
					// Kept for the summary, which counts every token, flagged or not, by vendor.
					audits.push(tokenAudit);
					options.recorder.audit(tokenAudit);
					writer.token(tokenAudit);
					if (output.full) {
						await output.drained();
					}
				} else {
					outcomes.record(event);
				}
			}

			await output.drained();
		}

		// Accounts and vendors in config order, so the report reads the same from run to run.
		const ordered = outcomes.ordered();
		const summary = summarizeAudit(audits, {vendors: [...new Set(providers.map(provider => provider.provider))]});
		writer.finish(summary, ordered);
		progress.clear();
		if (io.signal.aborted) {
			await options.recorder.finish(ordered, options.quiet);
			return reportStopped(io, progress.summary());
		}

		const failed = ordered.filter(outcome => !outcome.complete).length;
		const gate = options.failOn !== null && summary.highest !== null && atLeast(summary.highest, options.failOn);
		if (!options.quiet) {
			const {high, medium, low} = summary.total.findings;
			const accepted = summary.accepted > 0 ? `, ${summary.accepted} accepted` : '';
			const found = `${high + medium + low} findings (${high} high, ${medium} medium, ${low} low${accepted}) on ${summary.total.flagged} of ${summary.total.tokens} tokens`;
			const incomplete = failed > 0 ? `; ${failed} account${failed === 1 ? '' : 's'} failed, the audit is incomplete` : '';
			io.stderr.write(`tokenkit: ${progress.summary()}; ${found}${gate ? ` (at or above --fail-on ${options.failOn})` : ''}${incomplete}\n`);
		}

		const unsaved = await options.recorder.finish(ordered, options.quiet);
		// An incomplete audit wins over findings: both fail a CI gate, but 3 would say "the audit ran and this is
		// what it found", and a partial list cannot say that the rest is clean. So does a run that was not saved.
		if (failed > 0 || unsaved !== null) {
			return exitCodes.failure;
		}

		return gate ? exitCodes.findings : exitCodes.ok;
	} finally {
		await output.close();
	}
}

function failOnFlag(value: string | undefined): Severity | null {
	if (value === undefined) {
		return null;
	}

	const severity = severities.find(candidate => candidate === value);
	if (severity === undefined) {
		throw new UsageError(`--fail-on must be one of ${severities.join(', ')}; got "${value}"`);
	}

	return severity;
}

function writerFor(format: ReportFormat | 'sarif', write: Write, run: AuditRun, options: AuditCliRun): AuditWriter {
	const {summaryOnly} = options;
	switch (format) {
		case 'sarif': {
			return auditSarifWriter(write, run, options.sarif);
		}

		case 'json': {
			return auditJsonWriter(write, run);
		}

		case 'ndjson': {
			return auditNdjsonWriter(write, run);
		}

		case 'csv': {
			return auditCsvWriter(write);
		}

		case 'markdown': {
			return auditTableWriter(write, run, {markdown: true, summaryOnly});
		}

		case 'table': {
			return auditTableWriter(write, run, {summaryOnly});
		}
	}
}
