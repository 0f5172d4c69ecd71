import type {AccountConfig, TokenkitConfig} from '../config.js';
import type {TokenProvider} from '../provider.js';
import {trackOutcomes, type AccountOutcomes} from './account-outcomes.js';
import type {VendorDefinition} from '../vendor.js';
import {createProviders, selectAccounts, vendorNamesOf} from './accounts.js';
import {readConfigFile} from './config-file.js';
import type {CommandIo} from './io.js';
import {openOutput, type Output} from './output.js';
import {createProgress, type Progress} from './progress.js';
import {createTrafficMeter} from './traffic.js';
import {UsageError} from './usage-error.js';

/** The flags of `listingOptions` that say which accounts a run lists. */
export interface AccountChoice {
	readonly config?: string | undefined;
	readonly demo?: boolean | undefined;
	readonly provider?: string[] | undefined;
	readonly account?: string[] | undefined;
}

/**
Runs `list` over the accounts the flags choose: the config file's, or with `--demo` those of built-in
simulators started for the run (and stopped after it). `config` is null for the demo.
*/
export async function withChosenAccounts(
	choice: AccountChoice,
	io: CommandIo,
	list: (accounts: AccountConfig[], config: TokenkitConfig | null) => Promise<number>,
): Promise<number> {
	if (choice.demo === true && choice.config !== undefined) {
		throw new UsageError('--demo and --config exclude each other');
	}

	// The simulators' code is loaded for --demo only.
	const demo = choice.demo === true ? await (await import('./demo.js')).startDemo() : undefined;
	try {
		const config = demo === undefined ? await readConfigFile(choice.config, io) : null;
		const accounts = selectAccounts(demo?.accounts ?? config?.accounts ?? [], {providers: choice.provider, accounts: choice.account}, vendorNamesOf(config));
		return await list(accounts, config);
	} finally {
		await demo?.close();
	}
}

/** What every listing command sets up before its first request. */
export interface ListingRun {
	readonly progress: Progress;
	readonly providers: TokenProvider[];
	readonly output: Output;
	readonly outcomes: AccountOutcomes;
}

/**
Builds one provider per account (checking each one's options) before the output file exists or a request
is sent, then opens the output. Each account's traffic is counted for its outcome. First of all it says how many
accounts the run lists at once (`io.listingStarts`), by which the process sizes its heap (heap-sizing.ts).
*/
export async function openListingRun(
	accounts: readonly AccountConfig[],
	options: {readonly quiet: boolean; readonly output: string | undefined; readonly force?: boolean | undefined; readonly vendors: readonly VendorDefinition[]; readonly concurrency: number},
	io: CommandIo,
): Promise<ListingRun> {
	io.listingStarts?.(Math.min(accounts.length, options.concurrency));
	// One line per request under --verbose replaces the progress line, which would be torn by them.
	const progress = createProgress(io, accounts.length, options.quiet || io.verbose !== null);
	const meter = createTrafficMeter();
	const providers = createProviders(accounts, {onEvent: progress.onEvent, signal: io.signal, redactor: io.redactor}, meter, options.vendors, io.verbose);
	const output = await openOutput(options.output, io.cwd, io.stdout, io.redactor, options.force === true);
	return {progress, providers, output, outcomes: trackOutcomes(providers, io, progress, meter)};
}
