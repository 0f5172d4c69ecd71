import {ConfigError, type ErrorContext} from '../../src/errors/index.js';

/** The two kinds of resource a group or project access token belongs to. */
export type ResourceKind = 'group' | 'project';

/**
Where a token lives, which decides every path tokenkit sends for it:
- `personal`: a personal access token, `/personal_access_tokens/:id`;
- `group` / `project`: a group or project access token, `/groups/:resource/access_tokens/:id`.
*/
export type TokenLocation =
	| {readonly kind: 'personal'; readonly tokenId: number}
	| {readonly kind: ResourceKind; readonly resourceId: number; readonly tokenId: number};

/**
The id tokenkit gives a GitLab token: the bare GitLab id for a personal token (`123`), and `group/45/123` or
`project/67/123` for a group or project token. GitLab's ids are unique across all three kinds (group and project
tokens are personal tokens of bot users), but a non-administrator may reach a bot's token only through its
group or project: the id carries that path, so `get`, `rotate` and `delete` need no search.
*/
export function tokenIdOf(location: TokenLocation): string {
	return location.kind === 'personal' ? String(location.tokenId) : `${location.kind}/${location.resourceId}/${location.tokenId}`;
}

export function parseTokenId(id: string, context: ErrorContext): TokenLocation {
	if (typeof id === 'string') {
		if (/^[1-9]\d{0,17}$/.test(id)) {
			return {kind: 'personal', tokenId: Number(id)};
		}

		const resource = /^(group|project)\/([1-9]\d{0,17})\/([1-9]\d{0,17})$/.exec(id);
		if (resource !== null) {
			return {kind: resource[1] === 'group' ? 'group' : 'project', resourceId: Number(resource[2]), tokenId: Number(resource[3])};
		}
	}

	throw new ConfigError('a GitLab token id is a number (a personal access token) or group/<group id>/<token id> or project/<project id>/<token id>, as tokenkit inventory shows it', context);
}

/** The API path of a token, relative to `/api/v4/`. */
export function tokenPath(location: TokenLocation): string {
	return location.kind === 'personal'
		? `personal_access_tokens/${location.tokenId}`
		: `${resourcePath(location.kind, location.resourceId)}/access_tokens/${location.tokenId}`;
}

/** `groups/45` or `projects/acme%2Fapi`: a resource by id or by full path, URL-encoded as GitLab asks. */
export function resourcePath(kind: ResourceKind, resource: number | string): string {
	return `${kind === 'group' ? 'groups' : 'projects'}/${encodeURIComponent(String(resource))}`;
}
