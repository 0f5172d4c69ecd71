import {dirname, resolve} from 'node:path';
import * as v from 'valibot';
import {LineCounter, parseDocument, isMap, isSeq, type Document} from 'yaml';
import {accountNameProblem} from './account-name.js';
import {interpolate} from './config-references.js';
import {ConfigError} from './errors/index.js';
import type {Environment} from './environment.js';
import {readRegularFile} from './read-regular-file.js';
import {loadVendorModule, type VendorModuleRef} from './vendor-module.js';
import type {VendorDefinition} from './vendor.js';
import {firstDuplicateKey} from './yaml-duplicate-key.js';

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
}

/** Thresholds for `tokenkit audit`. */
export interface AuditSettings {
	readonly staleAfterDays: number;
	readonly maxAgeDays: number;
	readonly neverUsedGraceDays: number;
}

export interface TokenkitConfig {
	readonly path: string;
	readonly accounts: readonly AccountConfig[];
	readonly audit: AuditSettings;
	/** The vendors loaded from the modules the file lists under `vendors:`, in order. */
	readonly vendors: readonly VendorDefinition[];
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

/** How many alias expansions yaml allows before it refuses a document (its default, stated): no "billion laughs". */
const maxAliasCount = 100;

export const auditDefaults = {staleAfterDays: 90, maxAgeDays: 365, neverUsedGraceDays: 7} as const satisfies AuditSettings;

const positiveDays = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(36_500));
const AuditSchema = v.strictObject({
	staleAfterDays: v.optional(positiveDays),
	maxAgeDays: v.optional(positiveDays),
	neverUsedGraceDays: v.optional(positiveDays),
});
const TopSchema = v.strictObject({
	accounts: v.pipe(v.array(v.unknown()), v.minLength(1, 'lists no account')),
	audit: v.optional(AuditSchema),
	// Vendor modules, relative to the config file, loaded before the accounts are read (see vendor-module.ts).
	vendors: v.optional(v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty')))),
	// Written by `tokenkit simulate --write-config`; carries no setting.
	generatedBy: v.optional(v.string()),
});
const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const EntrySchema = v.looseObject({
	name: nonEmpty,
	provider: nonEmpty,
	apiKey: v.optional(v.string()),
	apiKeyFile: v.optional(nonEmpty),
	baseUrl: v.optional(nonEmpty),
	allowInsecureHttp: v.optional(v.boolean()),
	maxResponseBytes: v.optional(v.pipe(v.number(), v.integer('must be a whole number of bytes'), v.minValue(1, 'must be at least 1'))),
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

	const lines = new LineCounter();
	const {document, data} = parseConfigText(file.text, path, lines);
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new ConfigError(`${path}: ${data === null || data === undefined ? 'the file is empty' : 'the file is not a mapping of settings'}; it needs "accounts:", a list of accounts`);
	}

	const top = v.safeParse(TopSchema, data);
	if (!top.success) {
		throw new ConfigError(`${path}: ${describeIssues(top.issues)}`);
	}

	const vendors = await loadVendors(top.output.vendors ?? [], itemLines(document, lines, 'vendors'), path, options);
	const known = [...options.providers, ...vendors.map(vendor => vendor.name)];
	const entryLines = itemLines(document, lines, 'accounts');
	const seen = new Set<string>();
	const accounts: AccountConfig[] = [];
	for (const [index, raw] of top.output.accounts.entries()) {
		const where = `${path}:${entryLines[index] ?? 1}`;
		const entry = v.safeParse(EntrySchema, raw);
		if (!entry.success) {
			throw new ConfigError(`${where}: account #${index + 1}: ${describeIssues(entry.issues)}`);
		}

		const {name, provider, apiKey, apiKeyFile, baseUrl, allowInsecureHttp, maxResponseBytes, ...rest} = entry.output;
		const nameProblem = accountNameProblem(name);
		if (nameProblem !== undefined) {
			throw new ConfigError(`${where}: account #${index + 1}: field "name" ${nameProblem}; names must work in a REF (provider:account:id)`);
		}

		const label = `${where}: account "${name}"`;
		if (seen.has(name)) {
			throw new ConfigError(`${label}: the name is used by another account; names must be unique`);
		}

		seen.add(name);
		if (!known.includes(provider)) {
			throw new ConfigError(`${label}: field "provider": unknown provider "${provider}" (known: ${known.join(', ')})`);
		}

		const resolvedKey = await resolveKey({label, provider, apiKey, apiKeyFile, base: dirname(path), env: options.env, warn: options.warn});
		accounts.push({
			name,
			provider,
			apiKey: resolvedKey,
			baseUrl: baseUrl === undefined ? undefined : interpolate(baseUrl, options.env, `${label}: field "baseUrl"`),
			allowInsecureHttp: allowInsecureHttp ?? false,
			maxResponseBytes,
			options: interpolateAll(rest, options.env, label),
			where,
		});
	}

	const audit = top.output.audit;
	return {
		path,
		accounts,
		vendors,
		audit: {
			staleAfterDays: audit?.staleAfterDays ?? auditDefaults.staleAfterDays,
			maxAgeDays: audit?.maxAgeDays ?? auditDefaults.maxAgeDays,
			neverUsedGraceDays: audit?.neverUsedGraceDays ?? auditDefaults.neverUsedGraceDays,
		},
	};
}

/**
Parses the text as one YAML document into plain data. Bounded: the file is at most `maxConfigBytes`, aliases
expand at most `maxAliasCount` times, duplicate keys are found in one pass, and nesting too deep for the
parser's recursion is a config error, not a crash.
*/
function parseConfigText(text: string, path: string, lines: LineCounter): {document: Document; data: unknown} {
	const at = (offset: number): string => {
		const {line, col} = lines.linePos(offset);
		return `${path}:${line}:${col}`;
	};

	let document: Document;
	try {
		document = parseDocument(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: false});
	} catch (error) {
		throw new ConfigError(`${path}: not valid YAML: ${tooDeep(error) ? 'nested too deeply' : String(error)}`);
	}

	const [syntax] = document.errors;
	if (syntax !== undefined) {
		const message = syntax.message.includes('Maximum call stack size exceeded') ? 'nested too deeply' : syntax.message.split('\n')[0] ?? '';
		throw new ConfigError(`${at(syntax.pos[0])}: not valid YAML: ${message}`);
	}

	try {
		const duplicate = firstDuplicateKey(document);
		if (duplicate !== undefined) {
			const key = /^[\w.-]{1,64}$/.test(duplicate.key) ? `the key "${duplicate.key}"` : 'a key';
			throw new ConfigError(`${at(duplicate.offset)}: not valid YAML: ${key} appears twice in one mapping`);
		}

		return {document, data: document.toJS({maxAliasCount})};
	} catch (error) {
		if (error instanceof ConfigError) {
			throw error;
		}

		// yaml refuses to expand aliases past the limit (a "billion laughs" file) with a plain Error.
		throw new ConfigError(`${path}: cannot be read as a config: ${tooDeep(error) ? 'nested too deeply' : error instanceof Error ? error.message : String(error)}`);
	}
}

function tooDeep(error: unknown): boolean {
	return error instanceof RangeError && error.message.includes('call stack');
}

async function resolveKey(input: {label: string; provider: string; apiKey: string | undefined; apiKeyFile: string | undefined; base: string; env: Environment; warn: (message: string) => void}): Promise<string> {
	const {label, apiKey, apiKeyFile} = input;
	// Each message names the vendor too: a key that cannot be read is that vendor's account's problem.
	const context = {provider: input.provider};
	if (apiKey !== undefined && apiKeyFile !== undefined) {
		throw new ConfigError(`${label}: give either "apiKey" or "apiKeyFile", not both`, context);
	}

	if (apiKey !== undefined) {
		const key = interpolate(apiKey, input.env, `${label}: field "apiKey"`).trim();
		if (key === '') {
			throw new ConfigError(`${label}: field "apiKey" is empty`, context);
		}

		return key;
	}

	if (apiKeyFile === undefined) {
		throw new ConfigError(`${label}: needs "apiKey" (e.g. apiKey: \${LD_API_KEY}) or "apiKeyFile"`, context);
	}

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

function interpolateAll(values: Readonly<Record<string, unknown>>, env: Environment, label: string): Record<string, unknown> {
	return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? interpolate(value, env, `${label}: field "${key}"`) : value]));
}

/** Loads the `vendors:` modules; a name already taken (by a built-in or an earlier module) is refused. */
async function loadVendors(entries: readonly string[], entryLines: readonly number[], path: string, options: LoadConfigOptions): Promise<VendorDefinition[]> {
	const load = options.loadVendor ?? loadVendorModule;
	const vendors: VendorDefinition[] = [];
	for (const [index, entry] of entries.entries()) {
		const where = `${path}:${entryLines[index] ?? 1}`;
		const modulePath = resolve(dirname(path), entry);
		const vendor = await load({path: modulePath, where});
		if (options.providers.includes(vendor.name) || vendors.some(loaded => loaded.name === vendor.name)) {
			throw new ConfigError(`${where}: vendor module ${modulePath} defines the vendor "${vendor.name}", a name already taken; give it another name`);
		}

		vendors.push(vendor);
	}

	return vendors;
}

/** The line each entry of the top-level list `key` starts on, in order. */
function itemLines(document: Document, lines: LineCounter, key: string): number[] {
	const root = document.contents;
	if (!isMap(root)) {
		return [];
	}

	const list = root.get(key, true);
	if (!isSeq(list)) {
		return [];
	}

	return list.items.map(item => {
		const start = typeof item === 'object' && item !== null && 'range' in item && Array.isArray(item.range) ? Number(item.range[0]) : 0;
		return lines.linePos(start).line;
	});
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
	return issues
		.slice(0, 3)
		.map(issue => {
			const path = v.getDotPath(issue);
			if (issue.type === 'strict_object' && typeof issue.input === 'string') {
				return `unknown field "${issue.input}"`;
			}

			const missing = issue.input === undefined && issue.kind === 'schema';
			const problem = missing ? 'is missing' : issue.message;
			return path === null ? problem : `field "${path}" ${problem}`;
		})
		.join('; ');
}
