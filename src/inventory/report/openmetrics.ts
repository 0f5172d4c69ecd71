import {severities, type Severity} from '../audit/severity.js';
import type {TokenAudit} from '../audit/types.js';
import type {AccountOutcome, Write} from './types.js';

/*
The OpenMetrics text format (https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md),
which Prometheus' text format reads too: node_exporter's textfile collector and a Pushgateway take it as it is.
Every family is a gauge: each value is a state at the time of the run, never a count that only grows.
*/

/** The content type of what {@link openMetricsWriter} writes, for a server that serves it. */
export const openMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

interface Family {
	readonly name: string;
	readonly help: string;
	/** Set where the name ends in `_<unit>`, as OpenMetrics requires of a family with a UNIT line. */
	readonly unit?: string;
}

const families = {
	expires: {name: 'tokenkit_token_expiration_timestamp_seconds', unit: 'seconds', help: 'When the token expires, in seconds since the epoch; no sample for a token that never expires or a vendor without expiry dates.'},
	lastUsed: {name: 'tokenkit_token_last_used_timestamp_seconds', unit: 'seconds', help: 'When the token was last used, in seconds since the epoch; no sample for a token never used or a vendor that does not record use.'},
	created: {name: 'tokenkit_token_creation_timestamp_seconds', unit: 'seconds', help: 'When the token was created, in seconds since the epoch; no sample where the vendor does not say.'},
	admin: {name: 'tokenkit_token_admin', help: '1 for a token with full access by the rule of its vendor, 0 without; no sample where it cannot be told.'},
	tokens: {name: 'tokenkit_account_tokens', help: 'Tokens listed in the account (for an incomplete list, those listed before it failed).'},
	findings: {name: 'tokenkit_account_findings', help: 'Audit findings on the tokens of the account, by severity; accepted risks left out.'},
	accepted: {name: 'tokenkit_account_accepted_findings', help: 'Audit findings on the tokens of the account that an acceptance in the config covers.'},
	complete: {name: 'tokenkit_account_list_complete', help: '1 when the token list of the account was complete, 0 when it failed or was interrupted.'},
	run: {name: 'tokenkit_inventory_timestamp_seconds', unit: 'seconds', help: 'When this inventory was taken, in seconds since the epoch.'},
} as const satisfies Record<string, Family>;

type FamilyKey = keyof typeof families;

/** The order families are written in: the tokens', the accounts', the run's. */
const familyOrder: readonly FamilyKey[] = ['expires', 'lastUsed', 'created', 'admin', 'tokens', 'findings', 'accepted', 'complete', 'run'];

/** A label value as the text format writes it: backslash, double quote and line feed escaped; lone surrogates, which UTF-8 cannot carry, replaced. */
export function escapeLabelValue(value: string): string {
	return value.replaceAll(/\p{Cs}/gu, '\uFFFD').replaceAll(/[\\"\n]/g, character => (character === '\n' ? '\\n' : `\\${character}`));
}

function labels(pairs: Readonly<Record<string, string>>): string {
	return `{${Object.entries(pairs).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

function seconds(date: Date): string {
	return String(date.getTime() / 1000);
}

export interface OpenMetricsOptions {
	/** When the inventory was taken. @default the time the writer is made */
	readonly now?: Date | undefined;
}

/** Writes an inventory as OpenMetrics: token by token as they arrive, the whole exposition at `finish`. */
export interface OpenMetricsWriter {
	token(audit: TokenAudit): void;
	finish(outcomes: readonly AccountOutcome[]): void;
}

/**
OpenMetrics text for an inventory and its audit. Per token (labels `vendor`, `account`, `token_id`, `name`): its
expiry, last use and creation as epoch seconds and whether it is admin, each only where known, so at most four
series. Per account (labels `vendor`, `account`): tokens listed, findings by severity (three series), accepted
findings, and whether the list was complete, six series; and one for the time of the run. Families are held until
`finish`, since the format forbids interleaving them, and end with `# EOF`.
*/
export function openMetricsWriter(write: Write, options: OpenMetricsOptions = {}): OpenMetricsWriter {
	const now = options.now ?? new Date();
	const samples: Record<FamilyKey, string[]> = {expires: [], lastUsed: [], created: [], admin: [], tokens: [], findings: [], accepted: [], complete: [], run: []};
	const findings = new Map<string, {counts: Record<Severity, number>; accepted: number}>();
	const key = (provider: string, account: string): string => `${provider}\u0000${account}`;
	return {
		token({token, findings: found}) {
			const tokenLabels = labels({vendor: token.provider, account: token.account, token_id: token.id, name: token.name});
			if (token.expiresAt !== null) {
				samples.expires.push(`${families.expires.name}${tokenLabels} ${seconds(token.expiresAt)}`);
			}

			if (token.lastUsedAt !== null) {
				samples.lastUsed.push(`${families.lastUsed.name}${tokenLabels} ${seconds(token.lastUsedAt)}`);
			}

			if (token.createdAt !== null) {
				samples.created.push(`${families.created.name}${tokenLabels} ${seconds(token.createdAt)}`);
			}

			if (token.admin !== null) {
				samples.admin.push(`${families.admin.name}${tokenLabels} ${token.admin ? 1 : 0}`);
			}

			let tally = findings.get(key(token.provider, token.account));
			if (tally === undefined) {
				tally = {counts: {low: 0, medium: 0, high: 0}, accepted: 0};
				findings.set(key(token.provider, token.account), tally);
			}

			for (const finding of found) {
				if (finding.accepted === undefined) {
					tally.counts[finding.severity]++;
				} else {
					tally.accepted++;
				}
			}
		},
		finish(outcomes) {
			for (const outcome of outcomes) {
				const accountLabels = {vendor: outcome.provider, account: outcome.account};
				const tally = findings.get(key(outcome.provider, outcome.account));
				samples.tokens.push(`${families.tokens.name}${labels(accountLabels)} ${outcome.tokens}`);
				for (const severity of [...severities].reverse()) {
					samples.findings.push(`${families.findings.name}${labels({...accountLabels, severity})} ${tally?.counts[severity] ?? 0}`);
				}

				samples.accepted.push(`${families.accepted.name}${labels(accountLabels)} ${tally?.accepted ?? 0}`);
				samples.complete.push(`${families.complete.name}${labels(accountLabels)} ${outcome.complete ? 1 : 0}`);
			}

			samples.run.push(`${families.run.name} ${seconds(now)}`);
			for (const name of familyOrder) {
				const family: Family = families[name];
				const unit = family.unit === undefined ? '' : `# UNIT ${family.name} ${family.unit}\n`;
				const lines = samples[name];
				write(`# TYPE ${family.name} gauge\n${unit}# HELP ${family.name} ${family.help}\n${lines.map(line => `${line}\n`).join('')}`);
			}

			write('# EOF\n');
		},
	};
}
