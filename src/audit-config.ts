import {dirname, resolve} from 'node:path';
import * as v from 'valibot';
import {parseConfigText, type ConfigPath, type ConfigSource} from './config-source.js';
import {closestWord, didYouMean, unknownFieldMessage} from './did-you-mean.js';
import {ConfigError} from './errors/index.js';
import {globMatcher, type Acceptance} from './inventory/audit/acceptance.js';
import {auditPolicies} from './inventory/audit/policies.js';
import {hasThreshold, type PolicyOverride, type PolicyRule, type PolicySettings} from './inventory/audit/policy-settings.js';
import type {PolicyId} from './inventory/audit/types.js';
import {readRegularFile} from './read-regular-file.js';

/** Where a part of the config is, for messages: `tokenkit.yaml:14`. */
interface Place {
	readonly source: ConfigSource;
	/** The file, as the user named it. */
	readonly path: string;
}

const positiveDays = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(36_500));
const OverrideWithDays = v.strictObject({enabled: v.optional(v.boolean()), days: v.optional(positiveDays)});
const OverrideWithoutDays = v.strictObject({enabled: v.optional(v.boolean())});
const RuleWithDays = v.strictObject({...OverrideWithDays.entries, vendors: v.optional(v.record(v.string(), v.unknown()))});
const RuleWithoutDays = v.strictObject({...OverrideWithoutDays.entries, vendors: v.optional(v.record(v.string(), v.unknown()))});

const text = (what: string) => v.pipe(v.string(), v.trim(), v.minLength(1, `is empty; ${what}`));
const AcceptanceSchema = v.strictObject({
	ref: text('write a REF (provider:account:id) or a pattern of one, such as provider:account:*'),
	policy: text('write a policy id, or * for every policy'),
	reason: text('say why the risk is accepted'),
	owner: text('name the person or team who answers for it'),
	expires: v.pipe(v.string('must be a date written YYYY-MM-DD (quote it in YAML)'), v.trim()),
});
const requiredAcceptanceFields: Readonly<Record<string, string>> = {
	ref: 'the REF (or pattern) it accepts',
	policy: 'the policy it accepts',
	reason: 'why the risk is accepted',
	owner: 'who answers for it',
	expires: 'the last day it holds (YYYY-MM-DD); an acceptance never runs for ever',
};
const AcceptedFileSchema = v.strictObject({accepted: v.array(v.unknown())});

const policyIds: readonly PolicyId[] = auditPolicies.map(policy => policy.id);

/** The line of `path` in the file, as `file:line`. */
function at(place: Place, path: ConfigPath, part: 'key' | 'value' = 'value'): string {
	return `${place.path}:${place.source.lineOf(path, part)}`;
}

function dotted(path: ConfigPath): string {
	return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${part}`)).join('');
}

/** `audit.policies.stale: `, or nothing for the top of a file. */
function labelOf(path: ConfigPath): string {
	return path.length === 0 ? '' : `${dotted(path)}: `;
}

/** One line for valibot's first issue, naming the line of the field it is about and the field's path. */
function issueMessage(place: Place, base: ConfigPath, issues: readonly v.BaseIssue<unknown>[], known: readonly string[], required: Readonly<Record<string, string>> = {}, input?: unknown): string {
	const [issue] = issues;
	if (issue === undefined) {
		return `${at(place, base)}: ${labelOf(base)}not valid`;
	}

	const inner = (issue.path ?? []).map(item => (typeof item.key === 'number' ? item.key : String(item.key)));
	if (issue.type === 'strict_object' && typeof issue.input === 'string') {
		return `${at(place, [...base, issue.input], 'key')}: ${labelOf(base)}${unknownFieldMessage(issue.input, known)}`;
	}

	const field = inner.at(-1);
	if (issue.input === undefined && issue.kind === 'schema' && typeof field === 'string') {
		// A required field that is missing because it is misspelt: name the misspelling, on its own line.
		const written = typeof input === 'object' && input !== null ? Object.keys(input).find(key => key !== field && closestWord(key, [field]) === field) : undefined;
		if (written !== undefined) {
			return `${at(place, [...base, written], 'key')}: ${labelOf(base)}field "${field}" is missing; "${written}" looks like a misspelt "${field}"`;
		}

		const why = required[field];
		return `${at(place, base)}: ${labelOf(base)}field "${field}" is missing${why === undefined ? '' : ` (${why})`}`;
	}

	const full = [...base, ...inner];
	return `${at(place, full)}: ${full.length === 0 ? 'the file' : `field "${dotted(full)}"`} ${issue.message}`;
}

/**
Reads `audit.policies`: for each policy id, `enabled` and (for stale, too-old and never-used) `days`, and under
`vendors` the same by vendor name. A policy or vendor name tokenkit does not know is refused with a "did you mean".
`days` on a policy moves into the threshold it stands for, so `staleAfterDays` and `policies.stale.days` are one
setting written two ways, and giving both is refused.
*/
export function readPolicySettings(raw: Readonly<Record<string, unknown>>, place: Place, vendors: readonly string[]): {readonly policies: PolicySettings; readonly days: Partial<Record<PolicyId, number>>} {
	const policies: Partial<Record<PolicyId, PolicyRule>> = {};
	const days: Partial<Record<PolicyId, number>> = {};
	for (const [name, value] of Object.entries(raw)) {
		const path = ['audit', 'policies', name];
		const id = policyIds.find(candidate => candidate === name);
		if (id === undefined) {
			throw new ConfigError(`${at(place, path, 'key')}: audit.policies: unknown policy "${name}"${didYouMean(name, policyIds) || ` (policies: ${policyIds.join(', ')})`}`);
		}

		const withDays = hasThreshold(id);
		const schema = withDays ? RuleWithDays : RuleWithoutDays;
		const known = withDays ? ['enabled', 'days', 'vendors'] : ['enabled', 'vendors'];
		const parsed = v.safeParse(schema, value);
		if (!parsed.success) {
			throw new ConfigError(issueMessage(place, path, parsed.issues, known));
		}

		const {vendors: byVendor, ...own} = parsed.output;
		if ('days' in own && own.days !== undefined) {
			days[id] = own.days;
		}

		const overrides: Record<string, PolicyOverride> = {};
		for (const [vendor, override] of Object.entries(byVendor ?? {})) {
			const vendorPath = [...path, 'vendors', vendor];
			if (!vendors.includes(vendor)) {
				throw new ConfigError(`${at(place, vendorPath, 'key')}: ${dotted([...path, 'vendors'])}: unknown vendor "${vendor}"${didYouMean(vendor, vendors) || ` (known: ${vendors.join(', ')})`}`);
			}

			const parsedOverride = v.safeParse(withDays ? OverrideWithDays : OverrideWithoutDays, override);
			if (!parsedOverride.success) {
				throw new ConfigError(issueMessage(place, vendorPath, parsedOverride.issues, withDays ? ['enabled', 'days'] : ['enabled']));
			}

			overrides[vendor] = parsedOverride.output;
		}

		policies[id] = {enabled: own.enabled, vendors: overrides};
	}

	return {policies, days};
}

/** `YYYY-MM-DD` that names a real day (no 2026-02-30), or undefined. */
function calendarDay(value: string): string | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (match === null) {
		return undefined;
	}

	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : undefined;
}

/** Whether a policy pattern names at least one policy. */
function namesAPolicy(pattern: string): boolean {
	const matches = globMatcher(pattern);
	return policyIds.some(id => matches(id));
}

/**
Reads a list of accepted risks (`audit.accepted` in the config, or `accepted` in the file `audit.acceptedFile`
names). Each entry needs a REF or pattern, a policy or pattern, a reason, an owner and the last day it holds; a
mistake is refused with the file and line of the entry or field.
*/
export function readAcceptances(entries: readonly unknown[], base: ConfigPath, place: Place, vendors: readonly string[]): Acceptance[] {
	return entries.map((entry, index) => {
		const path = [...base, index];
		const parsed = v.safeParse(AcceptanceSchema, entry);
		if (!parsed.success) {
			throw new ConfigError(issueMessage(place, path, parsed.issues, Object.keys(AcceptanceSchema.entries), requiredAcceptanceFields, entry));
		}

		const {ref, policy, reason, owner, expires} = parsed.output;
		const fieldAt = (field: string): string => at(place, [...path, field]);
		const label = dotted(path);
		if (calendarDay(expires) === undefined) {
			throw new ConfigError(`${fieldAt('expires')}: ${label}: field "expires" must be a date written YYYY-MM-DD, such as 2026-06-30; got "${expires.slice(0, 40)}"`);
		}

		const literalPolicy = !/[*?]/.test(policy);
		if (literalPolicy && !policyIds.some(id => id === policy)) {
			throw new ConfigError(`${fieldAt('policy')}: ${label}: unknown policy "${policy}"${didYouMean(policy, policyIds) || ` (policies: ${policyIds.join(', ')})`}`);
		}

		if (!literalPolicy && !namesAPolicy(policy)) {
			throw new ConfigError(`${fieldAt('policy')}: ${label}: the pattern "${policy}" names no policy (policies: ${policyIds.join(', ')})`);
		}

		const provider = ref.split(':')[0] ?? '';
		if (!/[*?]/.test(provider) && !vendors.includes(provider)) {
			const guess = closestWord(provider, vendors);
			throw new ConfigError(`${fieldAt('ref')}: ${label}: "${ref.slice(0, 100)}" names no vendor tokenkit knows; write provider:account:id${guess === undefined ? ` (vendors: ${vendors.join(', ')})` : `; did you mean "${guess}"?`}`);
		}

		if (!/[*?]/.test(ref) && ref.split(':').length < 3) {
			throw new ConfigError(`${fieldAt('ref')}: ${label}: "${ref.slice(0, 100)}" is not a REF; write provider:account:id, or a pattern such as ${provider}:account:*`);
		}

		return {ref, policy, reason, owner, expires, where: at(place, path)};
	});
}

/** Reads the file `audit.acceptedFile` names (relative to the config): a mapping with one list, `accepted`. */
export async function readAcceptedFile(file: string, configPath: string, fieldWhere: string, vendors: readonly string[]): Promise<Acceptance[]> {
	const path = resolve(dirname(configPath), file);
	const read = await readRegularFile(path, 1024 * 1024);
	if (!read.ok) {
		throw new ConfigError(`${fieldWhere}: field "audit.acceptedFile": ${path} cannot be read (${read.problem})`);
	}

	const source = await parseConfigText(read.text, path);
	const place = {source, path};
	const parsed = v.safeParse(AcceptedFileSchema, source.data ?? {});
	if (!parsed.success) {
		throw new ConfigError(issueMessage(place, [], parsed.issues, ['accepted'], {accepted: 'the list of accepted risks'}, source.data));
	}

	return readAcceptances(parsed.output.accepted, ['accepted'], place, vendors);
}
