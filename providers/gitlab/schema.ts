import * as v from 'valibot';
import {earliestPlausibleTime, isoDateTime, latestPlausibleTime} from '../../src/time-schema.js';

/*
GitLab's wire models for the token routes tokenkit calls (docs/vendors/gitlab.md, schemas [S]) and for the few
user, group and project routes it reads to name owners and find resources. Objects are loose: a field GitLab adds
later is kept in `raw`. The spec marks no token field required; tokenkit requires what it cannot do without (id,
name, scopes, created_at, revoked) and reads the rest as optional.
*/

/** GitLab ids are positive integers (`format: int64`). */
const gitLabId = v.pipe(v.number(), v.integer(), v.minValue(1));

/**
A calendar date `YYYY-MM-DD`. The spec types `expires_at` as date-time, but GitLab sends a date (docs/vendors/gitlab.md,
schemas [D]); a date-time is read too, so a server that follows its own spec still lists.
*/
export const gitLabDate = v.pipe(
	v.string(),
	v.check(text => plausibleDate(text), 'a date YYYY-MM-DD (or a date-time) from 2000-01-01 to 2200-01-01'),
);

function plausibleDate(text: string): boolean {
	const ms = dateToMs(text);
	return ms !== null && ms >= earliestPlausibleTime && ms < latestPlausibleTime;
}

/** Midnight UTC of a `YYYY-MM-DD` date (or the instant of a date-time), in epoch ms; null when it is neither. */
export function dateToMs(text: string): number | null {
	const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (date !== null) {
		const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
		const ms = Date.UTC(year, month - 1, day);
		// Date.UTC rolls 2026-02-31 over into March: such a date is not one GitLab would send.
		return new Date(ms).getUTCDate() === day && new Date(ms).getUTCMonth() === month - 1 ? ms : null;
	}

	if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
		const ms = Date.parse(text);
		return Number.isNaN(ms) ? null : ms;
	}

	return null;
}

/** One entry of a fine-grained token's `granular_scopes` (sent only when the token is granular). */
export const GranularScopeSchema = v.looseObject({
	access: v.optional(v.string()),
	permissions: v.optional(v.array(v.string())),
	project_id: v.nullish(gitLabId),
	group_id: v.nullish(gitLabId),
});

const tokenFields = {
	id: gitLabId,
	name: v.string(),
	description: v.nullish(v.string()),
	revoked: v.boolean(),
	/** `!revoked && !expired` (docs/vendors/gitlab.md, schemas [D]); false also for a granular token whose feature is off. */
	active: v.optional(v.boolean()),
	/** In the newest entity, not in the stored spec (docs/vendors/gitlab.md, schemas [D]): optional. */
	expired: v.optional(v.boolean()),
	/** Any string: scopes differ by instance and version, and one added later must not make a listing unreadable. */
	scopes: v.array(v.string()),
	/** The owning user; for a group or project token, the bot user. */
	user_id: gitLabId,
	created_at: isoDateTime,
	last_used_at: v.nullish(isoDateTime),
	/** Up to five recent addresses; older servers leave it out (docs/vendors/gitlab.md, schemas [D]). */
	last_used_ips: v.nullish(v.array(v.string())),
	expires_at: v.nullish(gitLabDate),
	granular: v.optional(v.boolean()),
	granular_scopes: v.nullish(v.array(GranularScopeSchema)),
	/** An impersonation token, which an admin listing shows among the personal tokens. */
	impersonation: v.optional(v.boolean()),
};

/** `APIEntitiesPersonalAccessToken`: what list, get and self show. Never the secret. */
export const PersonalAccessTokenSchema = v.looseObject(tokenFields);

export type PersonalAccessToken = v.InferOutput<typeof PersonalAccessTokenSchema>;

export const PersonalAccessTokenListSchema = v.array(PersonalAccessTokenSchema);

/** `APIEntitiesResourceAccessToken`: a group or project token, with the bot's access level on its resource. */
export const ResourceAccessTokenSchema = v.looseObject({
	...tokenFields,
	/** 10 Guest … 50 Owner; create also takes 15 and 25. Any integer is read, and an unknown one shown by number. */
	access_level: v.pipe(v.number(), v.integer()),
	resource_type: v.optional(v.string()),
	resource_id: v.optional(gitLabId),
});

export type ResourceAccessToken = v.InferOutput<typeof ResourceAccessTokenSchema>;

export const ResourceAccessTokenListSchema = v.array(ResourceAccessTokenSchema);

/**
`GET /user` and `GET /users/:id` (docs/vendors/gitlab.md, owners [S] `APIEntitiesUserWithAdmin`): `email` and
`is_admin` only reach an administrator (or the user asking about themselves); others see `public_email`.
*/
export const GitLabUserSchema = v.looseObject({
	id: gitLabId,
	username: v.optional(v.string()),
	state: v.optional(v.string()),
	email: v.nullish(v.string()),
	public_email: v.nullish(v.string()),
	is_admin: v.optional(v.boolean()),
	bot: v.optional(v.boolean()),
});

export type GitLabUser = v.InferOutput<typeof GitLabUserSchema>;

/** A group or project as `GET /groups` and `GET /projects` list them: tokenkit needs only the id. */
export const GitLabResourceSchema = v.looseObject({
	id: gitLabId,
	full_path: v.optional(v.string()),
	path_with_namespace: v.optional(v.string()),
});

export const GitLabResourceListSchema = v.array(GitLabResourceSchema);

export type GitLabResource = v.InferOutput<typeof GitLabResourceSchema>;

/** The body of a rotate or create: `expires_at` as a date, always sent (docs/vendors/gitlab.md, rotation [D]). */
export interface RotateBody {
	readonly expires_at: string;
}

export interface CreateBody {
	readonly name: string;
	readonly scopes: readonly string[];
	readonly description?: string | undefined;
	readonly expires_at: string;
	readonly access_level?: number | undefined;
}
