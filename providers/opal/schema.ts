import * as v from 'valibot';
import {isoDateTime} from '../../src/time-schema.js';

/**
Opal's wire models for `GET /tokens` and `DELETE /tokens/{token_id}`, the only two token routes of its
public API (docs/vendors/opal.md, endpoints [S]), and for the users API tokenkit reads owners from (`GET /user`,
`GET /users`; Opal's OpenAPI, tag `users`). Objects are loose: fields they do not name are kept (so `raw` holds
everything Opal sent), because Opal's own example already carries one the schema lacks (`token_preview`).
*/

/** Opal ids are UUIDs (`format: uuid` on every id in the spec). */
const uuid = v.pipe(v.string(), v.uuid());

/** What a token may do: Opal has exactly these two levels (`ApiAccessLevelEnum`). */
export const OpalAccessLevelSchema = v.picklist(['READ_ONLY', 'FULL_ACCESS']);

export type OpalAccessLevel = v.InferOutput<typeof OpalAccessLevelSchema>;

/** One first-party API token as `GET /tokens` lists it. The secret itself is never part of it. */
export const OpalTokenSchema = v.looseObject({
	token_id: uuid,
	/** Opal sends times as RFC 3339 strings such as `2022-01-23T04:56:07Z` (docs/vendors/opal.md, schemas [S]). */
	created_at: isoDateTime,
	/** The human label, Opal's only name for a token. */
	token_label: v.string(),
	/** Who made the token. */
	creator_user_id: uuid,
	/** The identity the token acts as: a person or a service user. */
	user_id: uuid,
	/**
	READ_ONLY or FULL_ACCESS (`ApiAccessLevelEnum`). Read as any string: a level Opal adds later must not make
	a whole listing unreadable; it shows as the token's privilege and is not taken for full access.
	*/
	access_level: v.string(),
	/** Optional and nullable in the spec; absent or null means never used. */
	last_used_at: v.nullish(isoDateTime),
	/** Optional and nullable in the spec; absent or null means the token never expires. */
	expires_at: v.nullish(isoDateTime),
	/**
	A few leading characters of the key. Only the spec's example shows it, not its list of properties, so
	it may be missing; it is never the whole key.
	*/
	token_preview: v.optional(v.string()),
});

export type OpalToken = v.InferOutput<typeof OpalTokenSchema>;

/**
One page of `GET /tokens`. `next` is there only while more pages follow; `previous` is the cursor that was
sent to get this page. Both are opaque, and both may be absent or null.
*/
export const OpalTokenPageSchema = v.looseObject({
	next: v.nullish(v.string()),
	previous: v.nullish(v.string()),
	results: v.array(OpalTokenSchema),
});

export type OpalTokenPage = v.InferOutput<typeof OpalTokenPageSchema>;

/**
What Opal's users API says about a user's standing in the org's HR system or identity provider
(`UserHrIdpStatusEnum`). Absent when no HR/IDP source is connected.
*/
export const opalHrIdpStatuses = ['ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'DELETED', 'NOT_FOUND'] as const;

export type OpalHrIdpStatus = (typeof opalHrIdpStatuses)[number];

/**
One user, as `GET /user?user_id=…` answers (`User`). The spec requires `user_id`, `email` and four name
fields; tokenkit needs only the id, reads `email` and `hr_idp_status` when they are there, and keeps the rest
as sent. `hr_idp_status` is a plain string: a status Opal adds later must not make a user unreadable.
*/
export const OpalUserSchema = v.looseObject({
	user_id: uuid,
	email: v.nullish(v.string()),
	full_name: v.nullish(v.string()),
	hr_idp_status: v.nullish(v.string()),
});

export type OpalUserRecord = v.InferOutput<typeof OpalUserSchema>;

/** One page of `GET /users` (`PaginatedUsersList`), paged like the token list. */
export const OpalUserPageSchema = v.looseObject({
	next: v.nullish(v.string()),
	previous: v.nullish(v.string()),
	results: v.array(OpalUserSchema),
});

export type OpalUserPage = v.InferOutput<typeof OpalUserPageSchema>;

/**
The error body the simulator sends. Opal documents no error body for any route (docs/vendors/opal.md, errors [S]),
so this shape is an inference: clients should read it when it is there and never depend on it.
*/
export const OpalErrorBodySchema = v.object({
	message: v.string(),
});

export type OpalErrorBody = v.InferOutput<typeof OpalErrorBodySchema>;
