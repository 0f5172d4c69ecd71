import {createHash} from 'node:crypto';
import type {Invocation, Location, ReportingDescriptor, Result, Run, Suppression} from 'sarif';
import {inert} from '../../../text/inert.js';
import type {AccountOutcome, Write} from '../../report/types.js';
import {formatRef} from '../../rotate/ref.js';
import {acceptanceExpiredRule} from '../acceptance.js';
import {owaspNhi2025} from '../owasp.js';
import {auditPolicies} from '../policies.js';
import type {Severity} from '../severity.js';
import type {Finding, FindingRuleId, TokenAudit} from '../types.js';
import type {AuditRun, AuditWriter} from './types.js';

/** Where an account's entry is written, relative to the root of the repository the config is in. */
export interface SarifLocation {
	/** A relative URI with `/` between segments, e.g. `ops/tokenkit.yaml`. */
	readonly uri: string;
	/** The line the account's entry starts on, from 1. */
	readonly line: number;
}

export interface SarifOptions {
	/** The tool version written into the log. @default '0.0.0' */
	readonly toolVersion?: string | undefined;
	/**
	Where each account's config entry is, for the location of its findings. Code scanning services (GitHub's) refuse
	a result without a location in the repository; without this, results carry only their REF as a logical location.
	*/
	readonly locate?: ((provider: string, account: string) => SarifLocation | undefined) | undefined;
	/** The repository root as an absolute `file://` URI ending in `/`, recorded as `%SRCROOT%`. */
	readonly rootUri?: string | undefined;
}

/** Where tokenkit's own pages are: the home page, and the page that explains each rule under an anchor of its id. */
export const toolInformationUri = 'https://github.com/tokenkit/tokenkit';
export const policyHelpUri = `${toolInformationUri}/blob/main/docs/audit-policies.md`;

const taxonomyName = 'OWASP Non-Human Identities Top 10';
const taxa = Object.values(owaspNhi2025);

/** SARIF levels by severity: the three GitHub shows as error, warning and note. */
const levels = {high: 'error', medium: 'warning', low: 'note'} as const satisfies Record<Severity, Result.level>;

/** The fingerprint's name and version: a change to what it is built from must change the name, so old alerts close cleanly. */
const fingerprintName = 'tokenkitFinding/v1';

interface RuleText {
	readonly id: FindingRuleId;
	readonly description: string;
	readonly severityRule: string;
	readonly owaspId: string | null;
}

const ruleTexts: readonly RuleText[] = [
	...auditPolicies.map(policy => ({id: policy.id, description: policy.description, severityRule: policy.severityRule, owaspId: policy.owasp.id})),
	{id: acceptanceExpiredRule.id, description: acceptanceExpiredRule.description, severityRule: acceptanceExpiredRule.severityRule, owaspId: null},
];

function sentence(text: string): string {
	return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function taxonReference(owaspId: string): {id: string; index: number; toolComponent: {name: string; index: number}} {
	return {id: owaspId, index: taxa.findIndex(taxon => taxon.id === owaspId), toolComponent: {name: taxonomyName, index: 0}};
}

function ruleOf(rule: RuleText): ReportingDescriptor {
	const owasp = taxa.find(taxon => taxon.id === rule.owaspId);
	const category = owasp === undefined ? 'the OWASP category of the finding it covered' : `OWASP ${owasp.id} ${owasp.title}`;
	return {
		id: rule.id,
		name: rule.id,
		shortDescription: {text: sentence(rule.description)},
		fullDescription: {text: `${sentence(rule.description)} Severity: ${rule.severityRule}. Category: ${category}.`},
		help: {
			text: `${sentence(rule.description)} Severity: ${rule.severityRule}. Each result names the token's REF (provider:account:id) and what to do; see ${policyHelpUri}#${rule.id}`,
			markdown: `**${rule.id}**: ${sentence(rule.description)}\n\nSeverity: ${rule.severityRule}. Category: ${category}.\n\nEach result names the token's REF (\`provider:account:id\`, as \`tokenkit rotate\` and \`tokenkit revoke\` take it) and what to do. [More about this rule](${policyHelpUri}#${rule.id}).`,
		},
		helpUri: `${policyHelpUri}#${rule.id}`,
		properties: {tags: ['security', 'non-human-identity', ...(owasp === undefined ? [] : [owasp.id])]},
		...(owasp === undefined ? {} : {relationships: [{target: taxonReference(owasp.id), kinds: ['superset']}]}),
	};
}

/**
Stable across runs and never a secret: the vendor, account, token id and policy, hashed so every fingerprint has the
same shape whatever characters an id holds. The line of the config entry is left out on purpose: moving the
entry keeps the alert.
*/
export function findingFingerprint(provider: string, account: string, tokenId: string, policy: string): string {
	return createHash('sha256').update([provider, account, tokenId, policy].join('\u0000')).digest('hex');
}

function locationsOf(audit: TokenAudit, options: SarifOptions): Location[] {
	const {token} = audit;
	const place = options.locate?.(token.provider, token.account);
	return [{
		...(place === undefined ? {} : {physicalLocation: {artifactLocation: {uri: place.uri, uriBaseId: '%SRCROOT%'}, region: {startLine: place.line}}}),
		logicalLocations: [{name: token.name === '' ? token.id : token.name, fullyQualifiedName: formatRef(token), kind: 'resource'}],
	}];
}

function suppressionOf(finding: Finding): Suppression[] | undefined {
	const {accepted} = finding;
	return accepted === undefined
		? undefined
		// No `status`: the committee specification's schema names that field `state`, the OASIS standard's `status`; a
		// suppression without either is valid under both, and an external one already says the risk was accepted.
		: [{kind: 'external', justification: `${accepted.reason} (owner ${accepted.owner}; accepted until ${accepted.expires}; ${accepted.where})`}];
}

function resultOf(audit: TokenAudit, finding: Finding, options: SarifOptions): Result {
	const {token} = audit;
	const ref = formatRef(token);
	const name = inert(token.name === '' ? `(id ${token.id})` : token.name, 200);
	const suppressions = suppressionOf(finding);
	return {
		ruleId: finding.policy,
		ruleIndex: ruleTexts.findIndex(rule => rule.id === finding.policy),
		level: levels[finding.severity],
		message: {text: `${token.provider} account "${inert(token.account, 200)}", token "${name}": ${inert(finding.reason, 400)}. What to do: ${inert(finding.advice, 400)}. REF ${inert(ref, 400)}`},
		locations: locationsOf(audit, options),
		partialFingerprints: {[fingerprintName]: findingFingerprint(token.provider, token.account, token.id, finding.policy)},
		taxa: [taxonReference(finding.owasp.id)],
		...(suppressions === undefined ? {} : {suppressions}),
		properties: {
			ref, provider: token.provider, account: token.account, tokenId: token.id, tokenName: token.name, severity: finding.severity,
			remedy: finding.remedy, ownCredential: token.ownCredential,
		},
	};
}

function invocationOf(run: AuditRun, outcomes: readonly AccountOutcome[], options: SarifOptions): Invocation {
	const failed = outcomes.filter(outcome => !outcome.complete);
	return {
		executionSuccessful: failed.length === 0,
		startTimeUtc: run.auditedAt.toISOString(),
		toolExecutionNotifications: failed.map(outcome => {
			const place = options.locate?.(outcome.provider, outcome.account);
			return {
				level: 'error',
				descriptor: {id: 'account-incomplete'},
				message: {text: `${outcome.provider} account "${inert(outcome.account, 200)}": the audit is incomplete, its list failed: ${inert(outcome.error?.message ?? 'unknown error', 400)}`},
				...(place === undefined ? {} : {locations: [{physicalLocation: {artifactLocation: {uri: place.uri, uriBaseId: '%SRCROOT%'}, region: {startLine: place.line}}}]}),
			};
		}),
	};
}

/**
SARIF 2.1.0, one run, written as tokens arrive: the tool (tokenkit, its version, one rule per policy with help and
its OWASP NHI category as a taxon), then one result per finding, then the invocation (whether every account was
audited, and a notification for each that was not). A result's level follows its severity (high `error`, medium
`warning`, low `note`); an accepted finding carries an external suppression with the acceptance's justification;
`partialFingerprints` keep an alert the same from run to run. Data, like JSON: names are carried as the vendor
wrote them in `properties`, and made inert in the messages people read.
*/
export function auditSarifWriter(write: Write, run: AuditRun, options: SarifOptions = {}): AuditWriter {
	const head: Run = {
		tool: {
			driver: {
				name: 'tokenkit',
				version: options.toolVersion ?? '0.0.0',
				semanticVersion: options.toolVersion ?? '0.0.0',
				informationUri: toolInformationUri,
				rules: ruleTexts.map(rule => ruleOf(rule)),
				supportedTaxonomies: [{name: taxonomyName, index: 0}],
			},
		},
		taxonomies: [{
			name: taxonomyName,
			version: '2025',
			organization: 'OWASP',
			informationUri: 'https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025',
			shortDescription: {text: 'The OWASP Top 10 Non-Human Identities Risks, 2025 edition.'},
			taxa: taxa.map(taxon => ({id: taxon.id, name: taxon.title})),
		}],
		...(options.rootUri === undefined ? {} : {originalUriBaseIds: {'%SRCROOT%': {uri: options.rootUri}}}),
		columnKind: 'unicodeCodePoints',
		properties: {settings: run.settings, failOn: run.failOn},
	};
	const runText = JSON.stringify(head);
	write(`{"$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json", "version": "2.1.0", "runs": [${runText.slice(0, -1)},\n"results": [`);
	let first = true;
	return {
		token(audit) {
			for (const finding of audit.findings) {
				write(`${first ? '\n' : ',\n'}${JSON.stringify(resultOf(audit, finding, options))}`);
				first = false;
			}
		},
		finish(_summary, outcomes) {
			write(`${first ? '' : '\n'}],\n"invocations": [${JSON.stringify(invocationOf(run, outcomes, options))}]}]}\n`);
		},
	};
}
