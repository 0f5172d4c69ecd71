import {readFile, stat} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import * as v from 'valibot';
import {LineCounter, parseDocument, isMap, isSeq} from 'yaml';
import {ConfigError} from './errors/index.js';
import type {Environment} from './environment.js';

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
}

export interface LoadConfigOptions {
	/** Where `${VAR}` references are read from. */
	readonly env: Environment;
	/** Provider names the config may use (the registry's). */
	readonly providers: readonly string[];
	/** Told about things that work but should be fixed (a key file others can read). */
	readonly warn: (message: string) => void;
}

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
Reads a tokenkit config file (YAML, or JSON, which is YAML too). `${VAR}` references are read from the
environment, `apiKeyFile` from disk relative to the file. Every mistake is a ConfigError naming the file,
the line, the account and the field; no message ever contains a key.
*/
export async function loadConfig(path: string, options: LoadConfigOptions): Promise<TokenkitConfig> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
		throw new ConfigError(`config file ${path} cannot be read (${code === 'ENOENT' ? 'no such file' : code}); pass --config FILE or create tokenkit.yaml`);
	}

	const lines = new LineCounter();
	const document = parseDocument(text, {lineCounter: lines, prettyErrors: false});
	const [syntax] = document.errors;
	if (syntax !== undefined) {
		const {line, col} = lines.linePos(syntax.pos[0]);
		throw new ConfigError(`${path}:${line}:${col}: not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`);
	}

	let data: unknown;
	try {
		data = document.toJS();
	} catch (error) {
		// yaml refuses to expand aliases past a limit (a "billion laughs" file), with a plain Error.
		throw new ConfigError(`${path}: cannot be read as a config: ${error instanceof Error ? error.message : String(error)}`);
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new ConfigError(`${path}: ${data === null || data === undefined ? 'the file is empty' : 'the file is not a mapping of settings'}; it needs "accounts:", a list of accounts`);
	}

	const top = v.safeParse(TopSchema, data);
	if (!top.success) {
		throw new ConfigError(`${path}: ${describeIssues(top.issues)}`);
	}

	const entryLines = accountLines(document, lines);
	const seen = new Set<string>();
	const accounts: AccountConfig[] = [];
	for (const [index, raw] of top.output.accounts.entries()) {
		const where = `${path}:${entryLines[index] ?? 1}`;
		const entry = v.safeParse(EntrySchema, raw);
		if (!entry.success) {
			throw new ConfigError(`${where}: account #${index + 1}: ${describeIssues(entry.issues)}`);
		}

		const {name, provider, apiKey, apiKeyFile, baseUrl, allowInsecureHttp, maxResponseBytes, ...rest} = entry.output;
		const label = `${where}: account "${name}"`;
		if (seen.has(name)) {
			throw new ConfigError(`${label}: the name is used by another account; names must be unique`);
		}

		seen.add(name);
		if (!options.providers.includes(provider)) {
			throw new ConfigError(`${label}: field "provider": unknown provider "${provider}" (known: ${options.providers.join(', ')})`);
		}

		const resolvedKey = await resolveKey({label, apiKey, apiKeyFile, base: dirname(path), env: options.env, warn: options.warn});
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
		audit: {
			staleAfterDays: audit?.staleAfterDays ?? auditDefaults.staleAfterDays,
			maxAgeDays: audit?.maxAgeDays ?? auditDefaults.maxAgeDays,
			neverUsedGraceDays: audit?.neverUsedGraceDays ?? auditDefaults.neverUsedGraceDays,
		},
	};
}

async function resolveKey(input: {label: string; apiKey: string | undefined; apiKeyFile: string | undefined; base: string; env: Environment; warn: (message: string) => void}): Promise<string> {
	const {label, apiKey, apiKeyFile} = input;
	if (apiKey !== undefined && apiKeyFile !== undefined) {
		throw new ConfigError(`${label}: give either "apiKey" or "apiKeyFile", not both`);
	}

	if (apiKey !== undefined) {
		const key = interpolate(apiKey, input.env, `${label}: field "apiKey"`).trim();
		if (key === '') {
			throw new ConfigError(`${label}: field "apiKey" is empty`);
		}

		return key;
	}

	if (apiKeyFile === undefined) {
		throw new ConfigError(`${label}: needs "apiKey" (e.g. apiKey: \${LD_API_KEY}) or "apiKeyFile"`);
	}

	const file = resolve(input.base, interpolate(apiKeyFile, input.env, `${label}: field "apiKeyFile"`));
	let content: string;
	try {
		content = await readFile(file, 'utf8');
	} catch (error) {
		const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
		throw new ConfigError(`${label}: field "apiKeyFile": ${file} cannot be read (${code === 'ENOENT' ? 'no such file' : code})`);
	}

	const mode = (await stat(file)).mode;
	if ((mode & 0o077) !== 0) {
		input.warn(`${label}: key file ${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 on it`);
	}

	const key = content.trim();
	if (key === '') {
		throw new ConfigError(`${label}: field "apiKeyFile": ${file} is empty`);
	}

	return key;
}

/** Replaces `${NAME}` with the environment variable NAME; an unset one is an error naming it (never its value). */
export function interpolate(text: string, env: Environment, where: string): string {
	return text.replaceAll(/\$\{([A-Za-z_]\w*)\}/g, (_match, name: string) => {
		const value = env[name];
		if (value === undefined || value === '') {
			throw new ConfigError(`${where}: environment variable ${name} is not set`);
		}

		return value;
	});
}

function interpolateAll(values: Readonly<Record<string, unknown>>, env: Environment, label: string): Record<string, unknown> {
	return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? interpolate(value, env, `${label}: field "${key}"`) : value]));
}

/** The line each entry of `accounts` starts on, in order. */
function accountLines(document: ReturnType<typeof parseDocument>, lines: LineCounter): number[] {
	const root = document.contents;
	if (!isMap(root)) {
		return [];
	}

	const accounts = root.get('accounts', true);
	if (!isSeq(accounts)) {
		return [];
	}

	return accounts.items.map(item => {
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
