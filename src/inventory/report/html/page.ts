import {createHash} from 'node:crypto';
import {countAll, summarizeAudit} from '../../audit/summary.js';
import {inert} from '../../../text/inert.js';
import {barChartSvg} from './charts.js';
import {reportData, type HtmlReportInput} from './data.js';
import {escapeHtml, jsonForScript} from './escape.js';
import {expiring, reportCharts} from './report-charts.js';
import {reportScript} from './script.js';
import {reportStyle} from './style.js';

function cspHash(text: string): string {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
Nothing may be loaded: no script, style, image, font or frame but the page's own, no request (fetch, a form, a
link prefetch) anywhere. The one stylesheet and the one script are allowed by their hashes, so an element a name
smuggled in could not run or style anything even if it got past the escaping.
*/
export const reportContentSecurityPolicy = `default-src 'none'; script-src ${cspHash(reportScript)}; style-src ${cspHash(reportStyle)}; img-src 'none'; base-uri 'none'; form-action 'none'`;

interface Column {
	readonly key: string;
	readonly label: string;
	readonly kind?: 'text' | 'date' | 'number' | 'severity';
	/** Shown for an empty value. */
	readonly empty?: string;
}

const findingColumns: readonly Column[] = [
	{key: 'severity', label: 'severity', kind: 'severity'},
	{key: 'policy', label: 'policy'},
	{key: 'vendor', label: 'vendor'},
	{key: 'account', label: 'account'},
	{key: 'name', label: 'token'},
	{key: 'reason', label: 'reason'},
	{key: 'action', label: 'what to do'},
	{key: 'owasp', label: 'OWASP NHI'},
	{key: 'ref', label: 'REF'},
];

const tokenColumns: readonly Column[] = [
	{key: 'vendor', label: 'vendor'},
	{key: 'account', label: 'account'},
	{key: 'name', label: 'token'},
	{key: 'kind', label: 'kind'},
	{key: 'owner', label: 'owner'},
	{key: 'created', label: 'created', kind: 'date', empty: 'unknown'},
	{key: 'lastUsed', label: 'last used', kind: 'date', empty: 'never or not recorded'},
	{key: 'expires', label: 'expires', kind: 'date', empty: 'never or n/a'},
	{key: 'admin', label: 'admin'},
	{key: 'worst', label: 'worst finding', kind: 'severity'},
	{key: 'findings', label: 'findings', kind: 'number'},
	{key: 'ref', label: 'REF'},
];

function tableSection(id: 'findings' | 'tokens', title: string, columns: readonly Column[]): string {
	const headings = columns.map(column => `<th scope="col" data-key="${column.key}"${column.kind === undefined ? '' : ` data-kind="${column.kind}"`}${column.empty === undefined ? '' : ` data-empty="${escapeHtml(column.empty)}"`}><button type="button">${escapeHtml(column.label)}</button></th>`).join('');
	return `<section data-table="${id}" id="${id}"><h2>${escapeHtml(title)}</h2>`
		+ `<div class="controls"><label>Filter <input type="search" placeholder="words that must appear in a row" aria-controls="${id}-rows"></label><output class="count"></output></div>`
		+ `<div class="table-wrap"><table><thead><tr>${headings}</tr></thead><tbody id="${id}-rows"></tbody></table></div>`
		+ '<noscript><p>This table is filled by the page\'s script, which is off: the charts and the account list above still show.</p></noscript></section>';
}

function card(label: string, value: number | string, className = ''): string {
	return `<li${className === '' ? '' : ` class="${className}"`}><strong>${escapeHtml(String(value))}</strong>${escapeHtml(label)}</li>`;
}

/**
One self-contained HTML page for an inventory and its audit, to open from a file or a mail attachment: summary
figures, charts drawn as inline SVG (tokens by vendor and kind, findings by severity and by policy, age, last
use, what expires in the next 30/60/90 days), how each account's list ended, and sortable, filterable tables of
findings and tokens. It loads nothing (its Content-Security-Policy forbids every request), reads well in light
and dark mode and prints. Every text is escaped, and the embedded data cannot end its script element. The
report never holds a secret: only what the inventory's other formats show, without the vendors' key hints.
*/
export function renderHtmlReport(input: HtmlReportInput): string {
	const title = input.title ?? 'tokenkit report';
	const data = reportData(input);
	const summary = summarizeAudit(input.audits, {vendors: [...new Set(input.outcomes.map(outcome => outcome.provider))]});
	const failed = input.outcomes.filter(outcome => !outcome.complete);
	const soon = expiring(input.audits, input.generatedAt).bars[0]?.segments[0]?.value ?? 0;
	const charts = reportCharts(input).map(chart => barChartSvg(chart)).join('');
	const accounts = input.outcomes.map(outcome => `<tr><td>${escapeHtml(outcome.provider)}</td><td>${escapeHtml(inert(outcome.account, 200))}</td><td>${outcome.tokens}</td><td>${outcome.complete ? 'complete' : `<strong>incomplete</strong>: ${escapeHtml(inert(outcome.error?.message ?? 'unknown error', 400))}`}</td></tr>`).join('');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportContentSecurityPolicy)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="tokenkit">
<title>${escapeHtml(title)}</title>
<style>${reportStyle}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p class="meta">API tokens of ${input.outcomes.length} account${input.outcomes.length === 1 ? '' : 's'}, listed and audited at ${escapeHtml(data.generatedAt)}${failed.length > 0 ? `; <strong>${failed.length} incomplete</strong>, so counts are lower bounds` : ''}.</p>${input.source === undefined ? '' : `<p class="meta source">${escapeHtml(inert(input.source, 400))}</p>`}</header>
<ul class="cards">${[
		card('tokens', summary.total.tokens),
		card('tokens with findings', summary.total.flagged),
		card('high', summary.total.findings.high, 'high'),
		card('medium', summary.total.findings.medium),
		card('low', summary.total.findings.low),
		card('accepted', summary.accepted),
		card('expire in 30 days', soon),
		card('findings in all', countAll(summary.total.findings)),
	].join('')}</ul>
<section id="charts"><h2>At a glance</h2><div class="charts">${charts}</div></section>
<section id="accounts"><h2>Accounts</h2><div class="table-wrap"><table><thead><tr><th scope="col">vendor</th><th scope="col">account</th><th scope="col">tokens</th><th scope="col">list</th></tr></thead><tbody>${accounts}</tbody></table></div></section>
${tableSection('findings', 'Findings', findingColumns)}
${tableSection('tokens', 'Tokens', tokenColumns)}
<script type="application/json" id="tokenkit-data">${jsonForScript(data)}</script>
<script>${reportScript}</script>
</body>
</html>
`;
}
