import * as v from 'valibot';
import {isoDateTime} from '../../src/time-schema.js';

/**
Opal's wire models for `GET /tokens` and `DELETE /tokens/{token_id}`, the only two token routes of its
public API (Opal FACTS, endpoints [S]). Objects are loose: fields they do not name are kept (so `raw` holds
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
	/** Opal sends times as RFC 3339 strings such as `2022-01-23T04:56:07Z` (Opal FACTS, schemas [S]). */
	created_at: isoDateTime,
	/** The human label, Opal's only name for a token. */
	token_label: v.string(),
	/** Who made the token. */
	creator_user_id: uuid,
	/** The identity the token acts as: a person or a service user. */
	user_id: uuid,
	access_level: OpalAccessLevelSchema,
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
The error body the simulator sends. Opal documents no error body for any route (Opal FACTS, errors [S]),
so this shape is an inference: clients should read it when it is there and never depend on it.
*/
export const OpalErrorBodySchema = v.object({
	message: v.string(),
});

export type OpalErrorBody = v.InferOutput<typeof OpalErrorBodySchema>;
