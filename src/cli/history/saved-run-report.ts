import type {TokenkitConfig} from '../../config.js';
import {HistoryError, UnknownRunError} from '../../history/history-error.js';
import {keyRenewals} from '../../history/key-events.js';
import type {SavedRun} from '../../history/list-runs.js';
import {auditsOfRun} from '../../history/run-audits.js';
import {readRunContent, type RunContent} from '../../history/run-content.js';
import {selectRun, type RunSelector} from '../../history/select-runs.js';
import type {HtmlReportInput} from '../../inventory/report/html/data.js';
import type {AccountOutcome} from '../../inventory/report/types.js';
import type {Capabilities} from '../../provider.js';
import {inert, lineLength} from '../../text/inert.js';
import {createProviders, vendorsOf, type AccountFilter} from '../accounts.js';
import type {CommandIo} from '../io.js';
import {UsageError} from '../usage-error.js';
import {openStore, storeOf} from './store.js';

/**
The HTML report's input from a run the history store kept, with no vendor request: its tokens, its findings (an
inventory's tokens are audited with the config's settings and accepted risks, as of the run's time), how each
account's list ended, and the run's start as the moment ages are measured from. A RUN the store does not hold, or
no store at all, is a UsageError (exit 2).
*/
export async function savedRunReport(selector: RunSelector, config: TokenkitConfig, filter: AccountFilter, io: CommandIo): Promise<HtmlReportInput> {
	const settings = storeOf(config, io);
	if (settings === null) {
		throw new UsageError(`--from reads the history, and there is none: add "history: {path: FILE}" to ${config.path}, or set HOME or XDG_STATE_HOME for the default store`);
	}

	const history = await openStore(settings, io, true).catch((error: unknown) => {
		throw error instanceof HistoryError && 'path' in settings.options && error.message.includes('no history store at') ? new UsageError(withoutTag(error)) : error;
	});
	try {
		const run = await chosenRun(history, selector);
		const content = narrowed(await readRunContent(history, run.id), filter);
		const keyRenewedAt = await keyRenewals(history, run.startedAt);
		const vendors = await vendorsOf(config);
		// A configured account's provider knows what its own kind of credential can do (a Mist self token, Okta client
		// secrets); building one sends nothing. An account gone from the config falls back to its vendor's defaults.
		const configured = createProviders(config.accounts.filter(account => content.accounts.some(stored => stored.provider === account.provider && stored.account === account.name)), {signal: io.signal, redactor: io.redactor}, undefined, vendors);
		const capabilitiesOf = (provider: string, account: string): Capabilities | null =>
			configured.find(candidate => candidate.provider === provider && candidate.account === account)?.capabilities
			?? vendors.find(vendor => vendor.name === provider)?.capabilities
			?? null;
		const audited = auditsOfRun(content, {capabilitiesOf, settings: config.audit, accepted: config.accepted, keyRenewedAt});
		for (const vendor of audited.unknownVendors) {
			io.stderr.write(`tokenkit: warning: ${inert(`run ${run.id} holds tokens of vendor "${vendor}", which this tokenkit does not know; they are shown without findings`, lineLength)}\n`);
		}

		return {
			audits: audited.audits,
			outcomes: content.accounts.map((account): AccountOutcome => ({
				provider: account.provider,
				account: account.account,
				tokens: account.tokens,
				complete: account.complete,
				error: account.error === null ? null : {name: 'Error', message: account.error, status: null},
				traffic: {requests: 0, retries: 0, rateLimited: 0, retryWaitMs: 0, paceWaitMs: 0},
			})),
			generatedAt: new Date(run.startedAt),
			source: audited.findings === 'saved'
				? `From run ${run.id} (${run.command}, saved ${run.savedAt}) of ${history.location}: its findings as that audit saved them.`
				: `From run ${run.id} (${run.command}, saved ${run.savedAt}) of ${history.location}, which saved no findings: its tokens audited now with the config's audit settings and accepted risks, ages as of the run.`,
			fieldsOf: (provider, account) => {
				const fields = capabilitiesOf(provider, account)?.fields;
				return {lastUsed: fields?.lastUsed ?? true, expiry: fields?.expiry ?? true};
			},
		};
	} finally {
		await history.close();
	}
}

async function chosenRun(history: Parameters<typeof selectRun>[0], selector: RunSelector): Promise<SavedRun> {
	try {
		return await selectRun(history, selector, null);
	} catch (error) {
		if (error instanceof UnknownRunError) {
			throw new UsageError(`--from: ${withoutTag(error)}; tokenkit history lists the runs it holds`);
		}

		if (error instanceof HistoryError && typeof selector !== 'number') {
			// selectRun found no complete run to match: a RUN the store does not hold, said without the diff's words.
			const when = selector === 'latest' ? '' : ` saved at or before ${selector.toISOString()}`;
			throw new UsageError(`--from: the history store ${history.location} holds no complete run${when}; tokenkit history lists the runs it holds (tokenkit inventory --save or audit --save saves one)`);
		}

		throw error;
	}
}

/** The run's accounts (and their tokens) that --provider and --account name, as `tokenkit diff` narrows a diff. */
function narrowed(content: RunContent, filter: AccountFilter): RunContent {
	const providers = filter.providers?.flatMap(value => value.split(',').map(name => name.trim()));
	const accounts = filter.accounts?.flatMap(value => value.split(',').map(name => name.trim()));
	if (providers === undefined && accounts === undefined) {
		return content;
	}

	const keep = (provider: string, account: string): boolean => (providers === undefined || providers.includes(provider)) && (accounts === undefined || accounts.includes(account));
	const kept = content.accounts.filter(account => keep(account.provider, account.account));
	if (kept.length === 0) {
		throw new UsageError(`--provider/--account match no account of run ${content.run.id} (it holds: ${content.accounts.map(account => `${account.provider}:${account.account}`).join(', ')})`);
	}

	return {...content, accounts: kept, tokens: content.tokens.filter(token => keep(token.provider, token.account))};
}

function withoutTag(error: Error): string {
	return error.message.replace(/^\[tokenkit\] /, '');
}
