import * as v from 'valibot';
import {epochSeconds, epochSecondsOrZero} from '../../src/time-schema.js';

/*
Wire models of Juniper Mist's org and self API tokens (Mist OpenAPI 2509.1.2, `org_apitoken`,
`user_apitoken`, `admin`, `api_usage` and the error responses). Every response body is checked against
these, by the adapter and by the simulator's tests.

Tolerance rules:
- Objects are loose: fields they do not name are kept, so a token's `raw` holds everything Mist sent (Mist
  adds fields between releases).
- Enumerated strings (`role`, `scope`, `views`) are plain strings here: a role Mist introduces tomorrow must
  not make a whole listing unreadable. The known values are exported for request validation.
- Times are epoch seconds as plain numbers (docs/vendors/mist.md: `created_time` is a double, org `last_used` a
  number, user `last_used` an integer), within the range of src/time-schema.ts; `last_used` may also be 0,
  which the mapping reads as never used. The unit conversion lives in the adapter's mapping.
*/

/** Roles an org token or admin privilege may carry (`privilege_org_role`). */
export const mistRoles = ['admin', 'helpdesk', 'installer', 'read', 'write'] as const;

/** Scopes of an org token's privilege (`privilege_org_scope`). */
export const mistScopes = ['org', 'site', 'sitegroup'] as const;

/** UI-only views that narrow a role (`admin_privilege_view`). */
export const mistViews = ['lobby_admin', 'location', 'marketing', 'mxedge_admin', 'reporting', 'security', 'super_observer', 'switch_admin'] as const;

export type MistRole = (typeof mistRoles)[number];
export type MistScope = (typeof mistScopes)[number];
export type MistView = (typeof mistViews)[number];

/**
One privilege of an org token (`privilege_org`): `role` and `scope` are required; the id that matches the
scope is filled in (`org_id` for `org`, `site_id` for `site`, `sitegroup_id` for `sitegroup`).
*/
export const MistPrivilegeSchema = v.looseObject({
	role: v.string(),
	scope: v.string(),
	org_id: v.optional(v.string()),
	site_id: v.optional(v.string()),
	sitegroup_id: v.optional(v.string()),
	views: v.optional(v.array(v.string())),
});

export type MistPrivilege = v.InferOutput<typeof MistPrivilegeSchema>;

/**
An org API token as list, get and create return it. Only `name` is required by the spec. `id` is required
here too, because a token without it cannot be identified or acted on; `org_id` and `created_time`, which
the spec allows to be absent, are read when present (an absent creation time is a null `createdAt`).
- `key`: the whole secret in the create response only; a masked preview (`abcd...wxyz`) elsewhere.
- `created_by`: the creator's email; null when the creator has been deleted.
- `last_used`: null when never used.
- `privileges`: may be absent from the create response (the spec says it shows up on the next GET).
- `src_ips`: absent when the token is unrestricted.
*/
export const MistOrgApiTokenSchema = v.looseObject({
	id: v.string(),
	org_id: v.optional(v.string()),
	name: v.string(),
	key: v.optional(v.string()),
	created_by: v.optional(v.nullable(v.string())),
	created_time: v.optional(epochSeconds),
	last_used: v.optional(v.nullable(epochSecondsOrZero)),
	privileges: v.optional(v.array(MistPrivilegeSchema)),
	src_ips: v.optional(v.array(v.string())),
});

export type MistOrgApiToken = v.InferOutput<typeof MistOrgApiTokenSchema>;

/**
The org-token create response: the one answer that carries the whole `key` (docs/vendors/mist.md, endpoints [S]).
Without it the new token could never be used, so here it is required.
*/
export const MistCreatedOrgApiTokenSchema = v.looseObject({
	...MistOrgApiTokenSchema.entries,
	key: v.pipe(v.string(), v.nonEmpty()),
});

export type MistCreatedOrgApiToken = v.InferOutput<typeof MistCreatedOrgApiTokenSchema>;

/**
An org token read to be copied (rotation): its privileges are what the twin must get, so they are required
here. The spec's note says a GET shows them even where the create response did not.
*/
export const MistOrgApiTokenWithPrivilegesSchema = v.looseObject({
	...MistOrgApiTokenSchema.entries,
	privileges: v.pipe(v.array(MistPrivilegeSchema), v.minLength(1)),
});

export type MistOrgApiTokenWithPrivileges = v.InferOutput<typeof MistOrgApiTokenWithPrivilegesSchema>;

/** `GET /api/v1/orgs/{org_id}/apitokens`: a bare array, not paginated (docs/vendors/mist.md, pagination [S]). */
export const MistOrgApiTokenListSchema = v.array(MistOrgApiTokenSchema);

export type MistOrgApiTokenList = v.InferOutput<typeof MistOrgApiTokenListSchema>;

/**
A user ("self") API token. It has no privileges of its own (it acts with its admin's) and no allow-list.
The spec requires no field; `id` is required here for the same reason as above, `created_time` is read when
present, and `name` may be missing because creating one without a name is allowed.
*/
export const MistUserApiTokenSchema = v.looseObject({
	id: v.string(),
	name: v.optional(v.string()),
	key: v.optional(v.string()),
	created_time: v.optional(epochSeconds),
	last_used: v.optional(v.nullable(epochSecondsOrZero)),
});

export type MistUserApiToken = v.InferOutput<typeof MistUserApiTokenSchema>;

/** The user-token create response, with the whole `key` (required, as for org tokens). */
export const MistCreatedUserApiTokenSchema = v.looseObject({
	...MistUserApiTokenSchema.entries,
	key: v.pipe(v.string(), v.nonEmpty()),
});

export type MistCreatedUserApiToken = v.InferOutput<typeof MistCreatedUserApiTokenSchema>;

/** `GET /api/v1/self/apitokens`. */
export const MistUserApiTokenListSchema = v.array(MistUserApiTokenSchema);

export type MistUserApiTokenList = v.InferOutput<typeof MistUserApiTokenListSchema>;

/**
One entry of `privileges` in `GET /api/v1/self` (`admin_privilege`): wider scopes than a token's (`msp`,
`org`, `orggroup`, `site`, `sitegroup`), and site groups and org groups as lists (`sitegroup_ids`,
`orggroup_ids`), so one privilege may name several. A singular `sitegroup_id`, as a token's privilege has
it, is read too.
*/
export const MistAdminPrivilegeSchema = v.looseObject({
	role: v.string(),
	scope: v.string(),
	org_id: v.optional(v.string()),
	site_id: v.optional(v.string()),
	sitegroup_id: v.optional(v.string()),
	sitegroup_ids: v.optional(v.array(v.string())),
	orggroup_ids: v.optional(v.array(v.string())),
	msp_id: v.optional(v.string()),
	name: v.optional(v.string()),
	org_name: v.optional(v.string()),
	views: v.optional(v.array(v.string())),
});

export type MistAdminPrivilege = v.InferOutput<typeof MistAdminPrivilegeSchema>;

/**
`GET /api/v1/self`: who the key belongs to. A user token's answer carries the admin's `email` (and names);
an org token's carries the token's `name` and no `email`. That difference is how clients tell them apart.
*/
export const MistSelfSchema = v.looseObject({
	email: v.optional(v.string()),
	first_name: v.optional(v.string()),
	last_name: v.optional(v.string()),
	name: v.optional(v.string()),
	via_sso: v.optional(v.boolean()),
	privileges: v.array(MistAdminPrivilegeSchema),
});

export type MistSelf = v.InferOutput<typeof MistSelfSchema>;

/** `GET /api/v1/self/usage`: calls made in the current hour against the limit. */
export const MistApiUsageSchema = v.looseObject({
	requests: v.pipe(v.number(), v.integer()),
	request_limit: v.pipe(v.number(), v.integer()),
	seconds: v.optional(v.number()),
});

export type MistApiUsage = v.InferOutput<typeof MistApiUsageSchema>;

/** The error body of 400, 401, 403, 405 and 429 (and of 500/503 where Mist sends JSON): `{detail}`. */
export const MistErrorSchema = v.looseObject({
	detail: v.string(),
});

export type MistError = v.InferOutput<typeof MistErrorSchema>;

/** The 404 body: the spec declares only an optional `id`; a `detail` may stand beside it. */
export const MistNotFoundSchema = v.looseObject({
	id: v.optional(v.string()),
	detail: v.optional(v.string()),
});

export type MistNotFound = v.InferOutput<typeof MistNotFoundSchema>;
