import {ConfigError, type ErrorContext} from '../../src/errors/index.js';
import type {ProviderOptions} from '../../src/provider-options.js';
import {gitLabMaxPageSize} from './pages.js';

/** GitLab.com; a self-managed or Dedicated instance goes in `baseUrl`. */
export const gitLabDotCom = 'https://gitlab.com';

/**
Whose personal access tokens an account lists (`GET /personal_access_tokens`, docs/vendors/gitlab.md, auth [D]):
- `auto`: every user's when the credential is an administrator's, else its own user's;
- `all`: every user's; the credential must be an administrator's, or the account fails naming this field;
- `own`: the credential's own user's only;
- `none`: none (an account that lists group and project tokens only).
*/
export type PersonalTokenScope = 'auto' | 'all' | 'own' | 'none';

/** The groups (or projects) whose access tokens an account lists: `all` it can manage, or these, by id or full path. */
export type ResourceSelection = 'all' | readonly (string | number)[];

export interface GitLabProviderOptions extends ProviderOptions {
	/**
	The instance: `https://gitlab.com`, or a self-managed one such as `https://gitlab.example.com` or
	`https://example.com/gitlab` (a relative root). `/api/v4` is added by tokenkit; a URL that already ends in it works too.
	@default 'https://gitlab.com'
	*/
	readonly baseUrl?: string | undefined;
	/** @default 'auto' */
	readonly personalTokens?: PersonalTokenScope | undefined;
	/**
	Groups whose group access tokens to list, by numeric id or full path (`acme/platform`), or `all`: every group
	the credential can manage tokens of (Owner; an administrator, every group).
	@default []
	@example ['acme', 'acme/platform', 42]
	*/
	readonly groups?: ResourceSelection | undefined;
	/**
	Projects whose project access tokens to list, like `groups` (`all`: every project the credential is a Maintainer
	or more of; an administrator, every project).
	@default []
	*/
	readonly projects?: ResourceSelection | undefined;
	/**
	The longest lifetime the instance allows a token, in days: a rotation keeps the old token's lifetime but never asks
	for more than this, and a token made by tokenkit gets this. GitLab's default cap is 365 days; an instance may set less.
	@default 365
	*/
	readonly maxLifetimeDays?: number | undefined;
	/**
	Tokens per list request, from 1 to 100.
	@default 100
	*/
	readonly pageSize?: number | undefined;
	/** Clock in epoch ms, for expiries and the dates sent on rotate; replace it in tests. @default Date.now */
	readonly now?: (() => number) | undefined;
}

export interface CheckedGitLabOptions {
	/** The instance root, without `/api/v4`. */
	readonly baseUrl: string;
	readonly personalTokens: PersonalTokenScope;
	readonly groups: ResourceSelection;
	readonly projects: ResourceSelection;
	readonly maxLifetimeDays: number;
	readonly pageSize: number;
}

const personalScopes: readonly string[] = ['auto', 'all', 'own', 'none'];

/** Validates GitLab's own options at construction, so a mistake fails before any request, naming the field. */
export function checkGitLabOptions(options: GitLabProviderOptions, context: ErrorContext): CheckedGitLabOptions {
	const personalTokens: unknown = options.personalTokens ?? 'auto';
	if (typeof personalTokens !== 'string' || !personalScopes.includes(personalTokens)) {
		throw new ConfigError(`field "personalTokens" must be one of ${personalScopes.join(', ')}`, context);
	}

	const maxLifetimeDays = options.maxLifetimeDays ?? 365;
	if (!Number.isInteger(maxLifetimeDays) || maxLifetimeDays < 1 || maxLifetimeDays > 3650) {
		throw new ConfigError(`field "maxLifetimeDays" must be a whole number of days from 1 to 3650; got ${maxLifetimeDays}`, context);
	}

	const pageSize = options.pageSize ?? gitLabMaxPageSize;
	if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > gitLabMaxPageSize) {
		throw new ConfigError(`field "pageSize" must be a whole number from 1 to ${gitLabMaxPageSize}; got ${pageSize}`, context);
	}

	return {
		baseUrl: instanceRoot(options.baseUrl ?? gitLabDotCom),
		personalTokens: personalScopeOf(personalTokens),
		groups: checkSelection(options.groups, 'groups', context),
		projects: checkSelection(options.projects, 'projects', context),
		maxLifetimeDays,
		pageSize,
	};
}

function personalScopeOf(value: string): PersonalTokenScope {
	return value === 'all' || value === 'own' || value === 'none' ? value : 'auto';
}

/** The instance root: a base URL that already names the API (`…/api/v4`) is cut back to it. */
function instanceRoot(baseUrl: string): string {
	return baseUrl.replace(/\/api\/v4\/?$/, '');
}

/**
`all`, or a list of groups (projects) by positive id or full path (`acme/platform`: letters, digits, `_`, `-`, `.`
and `/` between parts). A duplicate would list the same tokens twice, and is refused like the rest.
*/
function checkSelection(value: unknown, field: string, context: ErrorContext): ResourceSelection {
	if (value === undefined) {
		return [];
	}

	if (value === 'all') {
		return 'all';
	}

	if (!Array.isArray(value)) {
		throw new ConfigError(`field "${field}" must be "all" or a list of ${field} by id or full path, e.g. [acme, acme/platform, 42]`, context);
	}

	const seen = new Set<string>();
	const selection: Array<string | number> = [];
	for (const [index, item] of value.entries()) {
		const entry: unknown = item;
		const valid = typeof entry === 'number'
			? Number.isSafeInteger(entry) && entry > 0
			: typeof entry === 'string' && /^[\w.-]+(?:\/[\w.-]+)*$/.test(entry);
		if (!valid || (typeof entry !== 'string' && typeof entry !== 'number')) {
			throw new ConfigError(`field "${field}[${index}]" must be a positive id or a full path such as acme/platform`, context);
		}

		const key = String(entry).toLowerCase();
		if (seen.has(key)) {
			throw new ConfigError(`field "${field}[${index}]": "${String(entry)}" is listed twice`, context);
		}

		seen.add(key);
		selection.push(typeof entry === 'string' && /^\d+$/.test(entry) ? Number(entry) : entry);
	}

	return selection;
}
