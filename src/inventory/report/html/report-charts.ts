import {severities} from '../../audit/severity.js';
import type {TokenAudit} from '../../audit/types.js';
import type {BarChart, Series} from './charts.js';
import type {HtmlReportInput, VendorFields} from './data.js';

const dayMs = 86_400_000;

const kinds = ['org', 'service', 'personal', 'unknown'] as const;
const kindSeries: readonly Series[] = kinds.map(kind => ({id: kind, label: kind, className: `kind-${kind}`}));
const severitySeries: readonly Series[] = [...severities].reverse().map(severity => ({id: severity, label: severity, className: `severity-${severity}`}));
const countSeries: readonly Series[] = [{id: 'count', label: 'tokens', className: 'series-count'}];

/** A bucket of days: its label and the largest number of days it holds (Infinity for the last). */
interface Bucket {
	readonly label: string;
	readonly upTo: number;
}

const ageBuckets: readonly Bucket[] = [
	{label: 'up to 30 days', upTo: 30},
	{label: '31–90 days', upTo: 90},
	{label: '91–180 days', upTo: 180},
	{label: '181–365 days', upTo: 365},
	{label: '1–2 years', upTo: 730},
	{label: 'over 2 years', upTo: Number.POSITIVE_INFINITY},
];

const idleBuckets: readonly Bucket[] = [
	{label: 'within 7 days', upTo: 7},
	{label: '8–30 days ago', upTo: 30},
	{label: '31–90 days ago', upTo: 90},
	{label: '91–365 days ago', upTo: 365},
	{label: 'over a year ago', upTo: Number.POSITIVE_INFINITY},
];

function daysBetween(from: Date, to: Date): number {
	return Math.max(0, Math.floor((to.getTime() - from.getTime()) / dayMs));
}

function bucketBars(buckets: readonly Bucket[], days: readonly number[], extra: ReadonlyArray<readonly [string, number]>): BarChart['bars'] {
	const counts = buckets.map(() => 0);
	for (const value of days) {
		const index = buckets.findIndex(bucket => value <= bucket.upTo);
		counts[index] = (counts[index] ?? 0) + 1;
	}

	return [
		...buckets.map((bucket, index) => ({label: bucket.label, segments: [{series: 'count', value: counts[index] ?? 0}]})),
		...extra.map(([label, value]) => ({label, segments: [{series: 'count', value}]})),
	];
}

/**
One bar per group, split into `series`, counted in one pass over `items`: a listing can hold hundreds of
thousands of tokens, too many to filter once per bar and segment.
*/
function stackedBars<Item>(items: readonly Item[], groupOf: (item: Item) => string, seriesOf: (item: Item) => string, groups: readonly string[], series: readonly string[]): BarChart['bars'] {
	const counts = new Map<string, number>();
	const key = (group: string, one: string) => `${group}\u0000${one}`;
	for (const item of items) {
		const at = key(groupOf(item), seriesOf(item));
		counts.set(at, (counts.get(at) ?? 0) + 1);
	}

	return groups.map(group => ({label: group, segments: series.map(one => ({series: one, value: counts.get(key(group, one)) ?? 0}))}));
}

function byVendorAndKind(audits: readonly TokenAudit[]): BarChart {
	const vendors = [...new Set(audits.map(audit => audit.token.provider))].sort();
	return {
		id: 'tokens-by-vendor',
		title: 'Tokens by vendor and kind',
		caption: 'Every token listed, by vendor, split by kind.',
		series: kindSeries,
		bars: stackedBars(audits, audit => audit.token.provider, audit => audit.token.kind, vendors, kinds),
	};
}

function ages(audits: readonly TokenAudit[], now: Date): BarChart {
	const known = audits.flatMap(audit => (audit.token.createdAt === null ? [] : [daysBetween(audit.token.createdAt, now)]));
	return {
		id: 'age',
		title: 'Age',
		caption: 'Time since each token was created.',
		series: countSeries,
		bars: bucketBars(ageBuckets, known, [['not said by the vendor', audits.length - known.length]]),
	};
}

function lastUse(audits: readonly TokenAudit[], now: Date, fieldsOf: (provider: string, account: string) => VendorFields): BarChart {
	const tracked = audits.filter(audit => fieldsOf(audit.token.provider, audit.token.account).lastUsed);
	const used = tracked.flatMap(audit => (audit.token.lastUsedAt === null ? [] : [daysBetween(audit.token.lastUsedAt, now)]));
	return {
		id: 'last-use',
		title: 'Last use',
		caption: 'When each token was last used, where its vendor records use.',
		series: countSeries,
		bars: bucketBars(idleBuckets, used, [['never used', tracked.length - used.length], ['not recorded by the vendor', audits.length - tracked.length]]),
	};
}

function bySeverity(audits: readonly TokenAudit[]): BarChart {
	const findings = audits.flatMap(audit => audit.findings);
	const open = findings.filter(finding => finding.accepted === undefined);
	return {
		id: 'findings-by-severity',
		title: 'Findings by severity',
		caption: 'Audit findings; accepted risks counted apart.',
		series: [...severitySeries, {id: 'accepted', label: 'accepted', className: 'severity-accepted'}],
		bars: [
			...[...severities].reverse().map(severity => ({label: severity, segments: [{series: severity, value: open.filter(finding => finding.severity === severity).length}]})),
			{label: 'accepted', segments: [{series: 'accepted', value: findings.length - open.length}]},
		],
	};
}

function byPolicy(audits: readonly TokenAudit[]): BarChart {
	const open = audits.flatMap(audit => audit.findings).filter(finding => finding.accepted === undefined);
	const totals = new Map<string, number>();
	for (const {policy} of open) {
		totals.set(policy, (totals.get(policy) ?? 0) + 1);
	}

	const policies = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b));
	return {
		id: 'findings-by-policy',
		title: 'Findings by policy',
		caption: 'Findings that are not accepted, by the policy that found them, split by severity.',
		series: severitySeries,
		bars: stackedBars(open, finding => finding.policy, finding => finding.severity, policies, [...severities].reverse()),
	};
}

/** Tokens that expire in the next 90 days, by window, and those past their expiry that are still listed. */
export function expiring(audits: readonly TokenAudit[], now: Date): BarChart {
	const windows = [30, 60, 90] as const;
	const counts = windows.map(() => 0);
	let expired = 0;
	for (const {token} of audits) {
		if (token.expiresAt === null) {
			continue;
		}

		const ms = token.expiresAt.getTime() - now.getTime();
		if (ms <= 0) {
			expired++;
			continue;
		}

		const index = windows.findIndex(days => ms <= days * dayMs);
		if (index !== -1) {
			counts[index] = (counts[index] ?? 0) + 1;
		}
	}

	return {
		id: 'expiring',
		title: 'Expiring soon',
		caption: 'Tokens that expire in the next 30, 60 and 90 days, and those already expired but still listed.',
		series: countSeries,
		bars: [
			{label: 'in 30 days', segments: [{series: 'count', value: counts[0] ?? 0}]},
			{label: 'in 31–60 days', segments: [{series: 'count', value: counts[1] ?? 0}]},
			{label: 'in 61–90 days', segments: [{series: 'count', value: counts[2] ?? 0}]},
			{label: 'expired, still listed', segments: [{series: 'count', value: expired}]},
		],
	};
}

/** Every chart of the report, in the order the page shows them. */
export function reportCharts(input: HtmlReportInput): BarChart[] {
	const now = input.generatedAt;
	const fieldsOf = input.fieldsOf ?? (() => ({lastUsed: true, expiry: true}));
	return [
		byVendorAndKind(input.audits),
		bySeverity(input.audits),
		byPolicy(input.audits),
		ages(input.audits, now),
		lastUse(input.audits, now, fieldsOf),
		expiring(input.audits, now),
	];
}
