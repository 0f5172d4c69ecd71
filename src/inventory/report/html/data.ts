import {inert} from '../../../text/inert.js';
import {formatRef} from '../../rotate/ref.js';
import {severityRank, worse, type Severity} from '../../audit/severity.js';
import type {TokenAudit} from '../../audit/types.js';
import type {AccountOutcome} from '../types.js';

/** Which fields an account's vendor fills: where it records no use or no expiry, a null says nothing about the token. */
export interface VendorFields {
	readonly lastUsed: boolean;
	readonly expiry: boolean;
}

/** What an HTML report is made from: a live run's, or one a history store kept. */
export interface HtmlReportInput {
	/** Every token listed, with its findings (none for most). */
	readonly audits: readonly TokenAudit[];
	/** How each account's list ended. */
	readonly outcomes: readonly AccountOutcome[];
	/** The moment ages are measured from: when the run took place. */
	readonly generatedAt: Date;
	/** One sentence under the title saying where the page's data comes from (a saved run, and how it was audited). */
	readonly source?: string | undefined;
	/** @default 'tokenkit report' */
	readonly title?: string | undefined;
	/** @default every vendor records use and expiry */
	readonly fieldsOf?: ((provider: string, account: string) => VendorFields) | undefined;
}

/** One token as the page's table holds it: display values, and dates as ISO text so they sort as text. */
export interface TokenRow {
	readonly ref: string;
	readonly vendor: string;
	readonly account: string;
	readonly name: string;
	readonly kind: string;
	readonly owner: string;
	readonly created: string | null;
	readonly lastUsed: string | null;
	readonly expires: string | null;
	readonly admin: 'yes' | 'no' | 'unknown';
	readonly findings: number;
	/** The worst severity of its findings that are not accepted, or empty. */
	readonly worst: Severity | '';
}

export interface FindingRow {
	readonly ref: string;
	readonly vendor: string;
	readonly account: string;
	readonly name: string;
	readonly severity: Severity;
	readonly policy: string;
	readonly reason: string;
	/** What to do, or who accepted the risk and until when. */
	readonly action: string;
	readonly owasp: string;
	readonly accepted: boolean;
}

export interface ReportData {
	readonly generatedAt: string;
	readonly tokens: readonly TokenRow[];
	readonly findings: readonly FindingRow[];
}

/** Vendor text as people read it: control, bidi and invisible characters shown as escapes, as in every report for people. */
function shown(text: string): string {
	return inert(text, 400);
}

function iso(date: Date | null): string | null {
	return date === null ? null : date.toISOString();
}

/** The rows the page's tables show, worst findings first. */
export function reportData(input: HtmlReportInput): ReportData {
	const tokens = input.audits.map(({token, findings}): TokenRow => {
		const open = findings.filter(finding => finding.accepted === undefined);
		const worst = open.reduce<Severity | ''>((found, finding) => (found === '' ? finding.severity : worse(found, finding.severity)), '');
		return {
			ref: shown(formatRef(token)),
			vendor: token.provider,
			account: shown(token.account),
			name: shown(token.name === '' ? `(id ${token.id})` : token.name),
			kind: token.kind,
			owner: shown(token.owner?.email ?? token.owner?.id ?? ''),
			created: iso(token.createdAt),
			lastUsed: iso(token.lastUsedAt),
			expires: iso(token.expiresAt),
			admin: token.admin === null ? 'unknown' : token.admin ? 'yes' : 'no',
			findings: open.length,
			worst,
		};
	});
	const findings = input.audits.flatMap(({token, findings: found}) => found.map((finding): FindingRow => ({
		ref: shown(formatRef(token)),
		vendor: token.provider,
		account: shown(token.account),
		name: shown(token.name === '' ? `(id ${token.id})` : token.name),
		severity: finding.severity,
		policy: finding.policy,
		reason: shown(finding.reason),
		action: shown(finding.accepted === undefined ? finding.advice : `accepted until ${finding.accepted.expires} by ${finding.accepted.owner}: ${finding.accepted.reason}`),
		owasp: `${finding.owasp.id} ${finding.owasp.title}`,
		accepted: finding.accepted !== undefined,
	})));
	findings.sort((a, b) => Number(a.accepted) - Number(b.accepted) || severityRank(b.severity) - severityRank(a.severity) || a.ref.localeCompare(b.ref));
	return {generatedAt: input.generatedAt.toISOString(), tokens, findings};
}
