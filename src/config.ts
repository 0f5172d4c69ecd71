import {dirname, resolve} from 'node:path';
import * as v from 'valibot';
import {accountNameProblem} from './account-name.js';
import {AccountEntrySchema} from './account-entry.js';
import type {readPolicySettings} from './audit-config.js';
import {interpolate} from './config-references.js';
import {parseConfigText, type ConfigPath, type ConfigSource} from './config-source.js';
import {closestWord, didYouMean, unknownFieldMessage} from './did-you-mean.js';
import {ConfigError} from './errors/index.js';
import type {Environment} from './environment.js';
import type {Acceptance} from './inventory/audit/acceptance.js';
import type {PolicySettings} from './inventory/audit/policy-settings.js';
import {HistorySectionSchema, resolveHistorySection, type HistorySettings} from './history/config-section.js';
import {readRegularFile} from './read-regular-file.js';
import {loadVendorModule, type VendorModuleRef} from './vendor-module.js';
import type {VendorDefinition} from './vendor.js';

/** One vendor account from the config file, its credential resolved. */
export interface AccountConfig {
	readonly name: string;
	readonly provider: string;
	/** The resolved credential. Never printed; the provider factory wraps it in a Secret. */
	readonly apiKey: string;
	readonly baseUrl: string | undefined;
	/** Plain `http://` to a host that is not loopback, which tokenkit refuses unless the entry says so. @default false */
	readonly allowInsecureHttp?: boolean | undefined;
	/** The largest response body read from this account, in bytes; absent for the default (64 MiB). */
	readonly maxResponseBytes?: number | undefined;
	/** The vendor's own fields (orgId, cloud, instance, showAll, …), validated by the vendor. */
	readonly options: Readonly<Record<string, unknown>>;
	/** Where the entry starts, for messages: `tokenkit.yaml:12`. */
	readonly where: string;
	/** Where each field of the entry is written (`tokenkit.yaml:14`), for a message about one field; absent for an entry no file holds. */
	readonly fieldWhere?: Readonly<Record<string, string>> | undefined;
	/** The directory of the config file, which a vendor's own file fields are relative to; absent for an entry no file holds. */
	readonly directory?: string | undefined;
}

/** Thresholds for `tokenkit audit`. */
export interface AuditSettings {
	readonly staleAfterDays: number;
	readonly maxAgeDays: number;
	readonly neverUsedGraceDays: number;
	/** Policies switched off, or given other thresholds, for every vendor or some (the config's `audit.policies`). */
	readonly policies?: PolicySettings | undefined;
}

export interface TokenkitConfig {
	readonly path: string;
	readonly accounts: readonly AccountConfig[];
	readonly audit: AuditSettings;
	/** Accepted risks: `audit.accepted`, then those of the file `audit.acceptedFile` names. */
	readonly accepted: readonly Acceptance[];
	/** The vendors loaded from the modules the file lists under `vendors:`, in order. */
	readonly vendors: readonly VendorDefinition[];
	/** Where the `history:` section keeps the history of runs; null or absent when the file has none. */
	readonly history?: HistorySettings | null | undefined;
}

export interface LoadConfigOptions {
	/** Where `${VAR}` references are read from. */
	readonly env: Environment;
	/** Provider names the config may use (the registry's); vendors loaded from `vendors:` are added to them. */
	readonly providers: readonly string[];
	/** Loads one `vendors:` module. @default loadVendorModule (an `import` of the file) */
	readonly loadVendor?: ((module: VendorModuleRef) => Promise<VendorDefinition>) | undefined;
	/** Told about things that work but should be fixed (a key file others can read). */
	readonly warn: (message: string) => void;
}

/** The largest config file tokenkit reads: thousands of accounts, and a bound on the parser's time and memory. */
export const maxConfigBytes = 1024 * 1024;

/** The largest key file tokenkit reads; every vendor's key is far shorter. */
export const maxKeyFileBytes = 64 * 1024;

export const auditDefaults = {staleAfterDays: 90, maxAgeDays: 365, neverUsedGraceDays: 7} as const satisfies AuditSettings;

const positiveDays = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(36_500));
const AuditSchema = v.strictObject({
	staleAfterDays: v.optional(positiveDays),
	maxAgeDays: v.optional(positiveDays),
	neverUsedGraceDays: v.optional(positiveDays),
	// Checked in audit-config.ts, which names the policy, vendor or entry a mistake is in.
	policies: v.optional(v.record(v.string(), v.unknown())),
	accepted: v.optional(v.array(v.unknown())),
	acceptedFile: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'))),
});
const TopSchema = v.strictObject({
	accounts: v.pipe(v.array(v.unknown()), v.minLength(1, 'lists no account')),
	audit: v.optional(AuditSchema),
	// Vendor modules, relative to the config file, loaded before the accounts are read (see vendor-module.ts).
	vendors: v.optional(v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty')))),
	// Written by `tokenkit simulate --write-config`; carries no setting.
	generatedBy: v.optional(v.string()),
	// Where `--save` keeps runs, and `history` and `diff` read them (src/history/config-section.ts).
	history: v.optional(HistorySectionSchema),
});

/**
Reads a tokenkit config file (YAML, or JSON, which is YAML too). `${NAME}` and `${NAME:-default}` references
are read from the environment (see config-references.ts), `apiKeyFile` from disk relative to the file; both
files must be regular files under their size limit. Every mistake is a ConfigError naming the file,
the line, the account and the field; no message ever contains a key.
*/
export async function loadConfig(path: string, options: LoadConfigOptions): Promise<TokenkitConfig> {
	const file = await readRegularFile(path, maxConfigBytes);
	if (!file.ok) {
		const hint = file.problem === 'no such file' ? '; pass --config FILE or create tokenkit.yaml' : '';
		throw new ConfigError(`config file ${path} cannot be read (${file.problem})${hint}`);
	}

	const source = await parseConfigText(file.text, path);
	const {data} = source;
	const at = (where: ConfigPath, part?: 'key' | 'value'): string => `${path}:${source.lineOf(where, part)}`;
	if (data === null || data === undefined) {
		throw new ConfigError(`${path}: the file is empty; it needs "accounts:", a list of accounts`);
	}

	if (typeof data !== 'object' || Array.isArray(data)) {
		throw new ConfigError(`${at([])}: the file is not a mapping of settings; it needs "accounts:", a list of accounts`);
	}

	const top = v.safeParse(TopSchema, data);
	if (!top.success) {
		throw new ConfigError(describeIssues(top.issues, [], source, path, '', data));
	}

	const vendors = await loadVendors(top.output.vendors ?? [], index => at(['vendors', index]), path, options);
	const known = [...options.providers, ...vendors.map(vendor => vendor.name)];
	const seen = new Set<string>();
	const accounts: AccountConfig[] = [];
	for (const [index, raw] of top.output.accounts.entries()) {
		const entryPath = ['accounts', index];
		const entry = v.safeParse(AccountEntrySchema, raw);
		if (!entry.success) {
			throw new ConfigError(describeIssues(entry.issues, entryPath, source, path, `account #${index + 1}: `, raw));
		}

		const {name, provider, apiKey, apiKeyFile, baseUrl, allowInsecureHttp, maxResponseBytes, ...rest} = entry.output;
		const fieldAt = (field: string): string => at([...entryPath, field]);
		const nameProblem = accountNameProblem(name);
		if (nameProblem !== undefined) {
			throw new ConfigError(`${fieldAt('name')}: account #${index + 1}: field "name" ${nameProblem}; names must work in a REF (provider:account:id)`);
		}

		// Each message about a field names the line of that field; one about the entry, the line it starts on.
		const labelOf = (field?: string): string => `${field === undefined ? at(entryPath) : fieldAt(field)}: account "${name}"`;
		if (seen.has(name)) {
			throw new ConfigError(`${labelOf('name')}: the name is used by another account; names must be unique`);
		}

		seen.add(name);
		if (!known.includes(provider)) {
			throw new ConfigError(`${labelOf('provider')}: field "provider": unknown provider "${provider}" (known: ${known.join(', ')})${didYouMean(provider, known)}`);
		}

		const resolvedKey = await resolveKey({labelOf, provider, fields: Object.keys(rest), apiKey, apiKeyFile, base: dirname(path), env: options.env, warn: options.warn});
		accounts.push({
			name,
			provider,
			apiKey: resolvedKey,
			baseUrl: baseUrl === undefined ? undefined : interpolate(baseUrl, options.env, `${labelOf('baseUrl')}: field "baseUrl"`),
			allowInsecureHttp: allowInsecureHttp ?? false,
			maxResponseBytes,
			options: interpolateAll(rest, options.env, labelOf),
			where: at(entryPath),
			directory: dirname(path),
			fieldWhere: Object.fromEntries(Object.keys(entry.output).map(field => [field, fieldAt(field)])),
		});
	}

	const audit = top.output.audit;
	const place = {source, path};
	// The audit's policies are loaded only for a config that sets them: an inventory of a plain config loads none.
	const extended = audit?.policies !== undefined || audit?.accepted !== undefined || audit?.acceptedFile !== undefined;
	const extras = extended ? await import('./audit-config.js') : undefined;
	const policies: ReturnType<typeof readPolicySettings> = extras?.readPolicySettings(audit?.policies ?? {}, place, known) ?? {policies: {}, days: {}};
	const threshold = (field: 'staleAfterDays' | 'maxAgeDays' | 'neverUsedGraceDays', policy: 'stale' | 'too-old' | 'never-used'): number => {
		const written = audit?.[field];
		const days = policies.days[policy];
		if (written !== undefined && days !== undefined) {
			throw new ConfigError(`${at(['audit', 'policies', policy, 'days'])}: audit.policies.${policy}.days and audit.${field} are the same setting; keep one`);
		}

		return days ?? written ?? auditDefaults[field];
	};

	const accepted = [
		...extras?.readAcceptances(audit?.accepted ?? [], ['audit', 'accepted'], place, known) ?? [],
		...(audit?.acceptedFile === undefined ? [] : await extras?.readAcceptedFile(audit.acceptedFile, path, at(['audit', 'acceptedFile']), known) ?? []),
	];
	return {
		path,
		accounts,
		vendors,
		history: await historyOf(top.output.history, path, options, at),
		audit: {
			staleAfterDays: threshold('staleAfterDays', 'stale'),
			maxAgeDays: threshold('maxAgeDays', 'too-old'),
			neverUsedGraceDays: threshold('neverUsedGraceDays', 'never-used'),
			...(Object.keys(policies.policies).length === 0 ? {} : {policies: policies.policies}),
		},
		accepted,
	};
}

async function resolveKey(input: {labelOf: (field?: string) => string; provider: string; fields: readonly string[]; apiKey: string | undefined; apiKeyFile: string | undefined; base: string; env: Environment; warn: (message: string) => void}): Promise<string> {
	const {labelOf, apiKey, apiKeyFile} = input;
	// Each message names the vendor too: a key that cannot be read is that vendor's account's problem.
	const context = {provider: input.provider};
	if (apiKey !== undefined && apiKeyFile !== undefined) {
		throw new ConfigError(`${labelOf('apiKeyFile')}: give either "apiKey" or "apiKeyFile", not both`, context);
	}

	if (apiKey !== undefined) {
		const key = interpolate(apiKey, input.env, `${labelOf('apiKey')}: field "apiKey"`).trim();
		if (key === '') {
			throw new ConfigError(`${labelOf('apiKey')}: field "apiKey" is empty`, context);
		}

		return key;
	}

	if (apiKeyFile === undefined) {
		const misspelt = misspeltFields(['apiKey', 'apiKeyFile'], input.fields);
		throw new ConfigError(misspelt === undefined
			? `${labelOf()}: needs "apiKey" (e.g. apiKey: \${LD_API_KEY}) or "apiKeyFile"`
			: `${labelOf(misspelt.written)}: needs "apiKey" or "apiKeyFile"; "${misspelt.written}" looks like a misspelt "${misspelt.meant}"`, context);
	}

	const label = labelOf('apiKeyFile');
	const file = resolve(input.base, interpolate(apiKeyFile, input.env, `${label}: field "apiKeyFile"`));
	const read = await readRegularFile(file, maxKeyFileBytes);
	if (!read.ok) {
		throw new ConfigError(`${label}: field "apiKeyFile": ${file} cannot be read (${read.problem})`, context);
	}

	if ((read.mode & 0o077) !== 0) {
		input.warn(`${label}: key file ${file} can be read by other users (mode ${(read.mode & 0o777).toString(8)}); run chmod 600 on it`);
	}

	const key = read.text.trim();
	if (key === '') {
		throw new ConfigError(`${label}: field "apiKeyFile": ${file} is empty`, context);
	}

	return key;
}

function interpolateAll(values: Readonly<Record<string, unknown>>, env: Environment, labelOf: (field: string) => string): Record<string, unknown> {
	return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? interpolate(value, env, `${labelOf(key)}: field "${key}"`) : value]));
}

/** Loads the `vendors:` modules; a name already taken (by a built-in or an earlier module) is refused. */
async function loadVendors(entries: readonly string[], whereOf: (index: number) => string, path: string, options: LoadConfigOptions): Promise<VendorDefinition[]> {
	const load = options.loadVendor ?? loadVendorModule;
	const vendors: VendorDefinition[] = [];
	for (const [index, entry] of entries.entries()) {
		const where = whereOf(index);
		const modulePath = resolve(dirname(path), entry);
		const vendor = await load({path: modulePath, where});
		if (options.providers.includes(vendor.name) || vendors.some(loaded => loaded.name === vendor.name)) {
			throw new ConfigError(`${where}: vendor module ${modulePath} defines the vendor "${vendor.name}", a name already taken; give it another name`);
		}

		vendors.push(vendor);
	}

	return vendors;
}

/** A field written under a name close to one of `wanted` (but not exactly it): what was written, and what was meant. */
function misspeltFields(wanted: readonly string[], written: readonly string[]): {written: string; meant: string} | undefined {
	for (const field of written) {
		const meant = wanted.includes(field) ? undefined : closestWord(field, wanted);
		if (meant !== undefined) {
			return {written: field, meant};
		}
	}

	return undefined;
}

/** The fields each mapping of the file may hold, by where the mapping is: for a "did you mean" on a misspelt one. */
function knownFields(parent: ConfigPath): readonly string[] {
	if (parent.length === 0) {
		return Object.keys(TopSchema.entries);
	}

	if (parent.length === 1 && parent[0] === 'history') {
		return Object.keys(HistorySectionSchema.entries);
	}

	return parent.length === 1 && parent[0] === 'audit' ? Object.keys(AuditSchema.entries) : [];
}

async function historyOf(section: v.InferOutput<typeof HistorySectionSchema> | undefined, path: string, options: Pick<LoadConfigOptions, 'env' | 'warn'>, at: (where: ConfigPath) => string): Promise<HistorySettings | null> {
	return section === undefined ? null : resolveHistorySection(section, {
		base: dirname(path),
		env: options.env,
		whereOf: field => at(field === undefined ? ['history'] : ['history', field]),
		warn: options.warn,
	});
}

/**
Only the `history:` section of a config file, for the commands that read the history and contact no vendor
(`tokenkit history`, `tokenkit diff`): the accounts and their keys are neither checked nor read. Null when the
file has no such section.
*/
export async function loadHistorySettings(path: string, options: Pick<LoadConfigOptions, 'env' | 'warn'>): Promise<HistorySettings | null> {
	const file = await readRegularFile(path, maxConfigBytes);
	if (!file.ok) {
		throw new ConfigError(`config file ${path} cannot be read (${file.problem})`);
	}

	const source = await parseConfigText(file.text, path);
	const {data} = source;
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return null;
	}

	// The other sections are not read here, but a misspelt one (a `histroy:`) is named, as loadConfig would.
	const unknown = Object.keys(data).find(field => !knownFields([]).includes(field));
	if (unknown !== undefined) {
		throw new ConfigError(`${path}:${source.lineOf([unknown], 'key')}: ${unknownFieldMessage(unknown, knownFields([]))}`);
	}

	const section: unknown = Reflect.get(data, 'history');
	if (section === undefined) {
		return null;
	}

	const parsed = v.safeParse(HistorySectionSchema, section);
	if (!parsed.success) {
		throw new ConfigError(describeIssues(parsed.issues, ['history'], source, path, '', section));
	}

	return historyOf(parsed.output, path, options, where => `${path}:${source.lineOf(where, 'value')}`);
}

/**
One line for what valibot found wrong (its first three issues), starting with the file and the line of the first:
the line of a misspelt key, or of the value that is wrong, or of the nearest enclosing one for a missing field.
*/
function describeIssues(issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]], base: ConfigPath, source: ConfigSource, path: string, prefix = '', mapping?: unknown): string {
	const pathOf = (issue: v.BaseIssue<unknown>): ConfigPath => [...base, ...(issue.path ?? []).map(item => typeof item.key === 'number' ? item.key : String(item.key))];
	const unknownField = (issue: v.BaseIssue<unknown>): string | undefined => issue.type === 'strict_object' && typeof issue.input === 'string' ? issue.input : undefined;
	const [first] = issues;
	// A required field that is missing because it is misspelt: name the misspelling, on its own line.
	const missing = first.input === undefined && first.kind === 'schema' ? first.path?.[0]?.key : undefined;
	const written = typeof missing === 'string' && typeof mapping === 'object' && mapping !== null ? misspeltFields([missing], Object.keys(mapping)) : undefined;
	if (written !== undefined) {
		return `${path}:${source.lineOf([...base, written.written], 'key')}: ${prefix}field "${written.meant}" is missing; "${written.written}" looks like a misspelt "${written.meant}"`;
	}

	const line = source.lineOf(pathOf(first), unknownField(first) === undefined ? 'value' : 'key');
	const text = issues
		.slice(0, 3)
		.map(issue => {
			const field = unknownField(issue);
			if (field !== undefined) {
				return unknownFieldMessage(field, knownFields(pathOf(issue).slice(0, -1)));
			}

			const dotPath = v.getDotPath(issue);
			const missing = issue.input === undefined && issue.kind === 'schema';
			const problem = missing ? 'is missing' : issue.message;
			return dotPath === null ? problem : `field "${dotPath}" ${problem}`;
		})
		.join('; ');
	return `${path}:${line}: ${prefix}${text}`;
}
