import {auditDefaults, type AccountConfig, type AuditSettings} from '../../config.js';
import type {Acceptance} from '../../inventory/audit/acceptance.js';
import type {AuditEvent} from '../../inventory/audit/audit-inventory.js';
import type {Finding} from '../../inventory/audit/types.js';
import {collectInventoryInBatches, type InventoryEvent} from '../../inventory/collect.js';
import {csvWriter} from '../../inventory/report/csv.js';
import {jsonWriter, ndjsonWriter} from '../../inventory/report/json.js';
import {tableWriter} from '../../inventory/report/table.js';
import type {AccountOutcome, InventoryWriter, Write} from '../../inventory/report/types.js';
import type {Token} from '../../token.js';
import type {TokenProvider} from '../../provider.js';
import {integerFlag, parseCommandLine} from '../arguments.js';
import {listingOptions} from '../listing-options.js';
import {openListingRun, withChosenAccounts} from '../listing-run.js';
import {vendorsOf} from '../accounts.js';
import type {VendorDefinition} from '../../vendor.js';
import type {Command} from '../command.js';
import {exitCodes} from '../exit-codes.js';
import {UsageError} from '../usage-error.js';
import type {CommandIo} from '../io.js';
import {chooseFormat, type ReportFormat} from '../report-format.js';
import {reportStopped} from '../stopped.js';
import {idleRecorder, type RunRecorder} from '../history/recorder.js';

const help = `Usage: tokenkit inventory [options]

Lists every API token of every configured account, several accounts at once, streamed as they arrive,
in one normalized record (the same fields for every vendor; times in ISO 8601).

Options:
  --config FILE        config file (default: $TOKENKIT_CONFIG, ./tokenkit.yaml, ~/.config/tokenkit/config.yaml)
  --demo               run against built-in simulators of every vendor instead of a config
  --format FORMAT      table | json | ndjson | csv | markdown | openmetrics (default: from --output's
                       extension, .csv .json .ndjson .jsonl .md .txt .prom; else table on a terminal, else
                       json). openmetrics: gauges per token and per account for Prometheus (node_exporter's
                       textfile collector, a Pushgateway), with the audit's findings counted per account
  --output FILE        write to a new file instead of stdout (0600)
  --no-raw             json and ndjson: leave out each token's vendor record ("raw"), most of a record's
                       size; the normalized fields stay
  --force              replace an existing --output report (never a secret file of tokenkit rotate)
  --provider NAMES     only accounts of these vendors (comma-separated or repeated)
  --account NAMES      only these accounts (comma-separated or repeated)
  --concurrency N      accounts listed at once (default 8)
  --quiet              no progress on stderr
  --save               record the run in the history store (the config's "history:", else
                       ~/.local/state/tokenkit/history.sqlite): see tokenkit history and tokenkit diff
  -h, --help           show this help

Exit codes: 0 every account listed completely; 1 an account failed (the others are still listed and the
report says which list is incomplete), or --save could not save the run; 2 bad command line or configuration.
`;

export const inventoryCommand: Command = {
	name: 'inventory',
	help,
	async run(argv, io) {
		const {values} = parseCommandLine('inventory', argv, {
			...listingOptions,
			'no-raw': {type: 'boolean'},
		});
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		const format = chooseFormat(values.format, io, values.output, ['openmetrics']);
		const raw = values['no-raw'] !== true;
		if (!raw && format !== 'json' && format !== 'ndjson') {
			throw new UsageError(`--no-raw applies to --format json and ndjson; ${format} carries no vendor record`);
		}

		const concurrency = integerFlag('concurrency', values.concurrency, 1, 64) ?? 8;
		return withChosenAccounts(values, io, async (accounts, config) => {
			// The history store's code is loaded for --save only.
			const recorder = values.save === true ? await (await import('../history/run-recorder.js')).openRunRecorder('inventory', true, config, io) : idleRecorder;
			try {
				return await inventory(accounts, {
					format, raw, concurrency, output: values.output, force: values.force === true, quiet: values.quiet === true, vendors: await vendorsOf(config, accounts), recorder,
					settings: config?.audit ?? auditDefaults, accepted: config?.accepted ?? [],
				}, io);
			} finally {
				await recorder.close();
			}
		});
	},
};

interface InventoryRun {
	readonly format: ReportFormat | 'openmetrics';
	/** Whether json and ndjson records carry the vendor's record. */
	readonly raw: boolean;
	readonly concurrency: number;
	readonly output: string | undefined;
	readonly force: boolean;
	readonly quiet: boolean;
	readonly vendors: readonly VendorDefinition[];
	/** The audit's thresholds and accepted risks: OpenMetrics counts each account's findings. */
	readonly settings: AuditSettings;
	readonly accepted: readonly Acceptance[];
	readonly recorder: RunRecorder;
}

/** What a listing writes to: every format takes tokens; OpenMetrics also counts their findings. */
interface ListingWriter {
	token(token: Token, findings: readonly Finding[]): void;
	finish(outcomes: readonly AccountOutcome[]): void;
}

async function inventory(accounts: readonly AccountConfig[], run: InventoryRun, io: CommandIo): Promise<number> {
	const {progress, providers, output, outcomes} = await openListingRun(accounts, run, io);
	const write = (text: string): void => {
		output.write(text);
	};
	const listing = {concurrency: run.concurrency, signal: io.signal};
	// OpenMetrics counts findings, so it lists through the audit; the audit's modules load for it alone.
	const audited = run.format === 'openmetrics';
	const writer = run.format === 'openmetrics' ? await metricsWriter(write) : writerFor(run.format, write, {hasExpiry: hasExpiryOf(providers), raw: run.raw});
	// In batches: the tokens that arrived together are written together, with no promise each unless the reader is slow.
	const batches: AsyncIterable<Iterable<AuditEvent | InventoryEvent>> = audited
		? (await import('../../inventory/audit/audit-inventory.js')).auditInventoryInBatches(providers, {...listing, settings: run.settings, accepted: run.accepted})
		: collectInventoryInBatches(providers, listing);

	try {
		for await (const events of batches) {
			for (const event of events) {
				if (event.type === 'token') {
					progress.token();
					run.recorder.token(event.token);
					writer.token(event.token, 'findings' in event ? event.findings : []);
					if (output.full) {
						await output.drained();
					}
				} else {
					outcomes.record(event);
				}
			}

			await output.drained();
		}

		const ordered = outcomes.ordered();
		writer.finish(ordered);
		progress.clear();
		if (io.signal.aborted) {
			await run.recorder.finish(ordered, run.quiet);
			return reportStopped(io, progress.summary());
		}

		const failed = ordered.filter(outcome => !outcome.complete).length;
		if (!run.quiet) {
			io.stderr.write(`tokenkit: ${progress.summary()}${failed > 0 ? `; ${failed === 1 ? '1 account failed, its list is' : `${failed} accounts failed, their lists are`} incomplete` : ''}\n`);
		}

		const unsaved = await run.recorder.finish(ordered, run.quiet);
		return failed > 0 ? exitCodes.failure : (unsaved ?? exitCodes.ok);
	} finally {
		await output.close();
	}
}

/** Whether an account's vendor records expiry dates, as its provider declares: a table says `n/a` where it does not. */
function hasExpiryOf(providers: readonly TokenProvider[]): (provider: string, account: string) => boolean {
	return (provider, account) => providers.find(candidate => candidate.provider === provider && candidate.account === account)?.capabilities.fields.expiry ?? true;
}

async function metricsWriter(write: Write): Promise<ListingWriter> {
	const metrics = (await import('../../inventory/report/openmetrics.js')).openMetricsWriter(write);
	return {
		token: (token, findings) => {
			metrics.token({token, findings});
		},
		finish: outcomes => {
			metrics.finish(outcomes);
		},
	};
}

interface WriterOptions {
	readonly hasExpiry: (provider: string, account: string) => boolean;
	readonly raw: boolean;
}

function writerFor(format: ReportFormat, write: Write, options: WriterOptions): ListingWriter {
	const writer = reportWriter(format, write, options);
	return {token: token => {
		writer.token(token);
	}, finish: outcomes => {
		writer.finish(outcomes);
	}};
}

function reportWriter(format: ReportFormat, write: Write, {hasExpiry, raw}: WriterOptions): InventoryWriter {
	switch (format) {
		case 'json': {
			return jsonWriter(write, {raw});
		}

		case 'ndjson': {
			return ndjsonWriter(write, {raw});
		}

		case 'csv': {
			return csvWriter(write);
		}

		case 'markdown': {
			return tableWriter(write, {markdown: true, hasExpiry});
		}

		case 'table': {
			return tableWriter(write, {hasExpiry});
		}
	}
}
