import * as v from 'valibot';
import {isoDateTime} from '../../src/time-schema.js';

/**
Datadog's wire models, for what tokenkit reads (docs/vendors/datadog.md, schemas [S][S+]). Every answer is JSON:API:
a record is `{id, type, attributes, relationships}`, a single answer `{data, included?}` and a list
`{data: [...], included?, meta}`. Objects are loose, so `raw` keeps what Datadog sent beyond the spec
(`leak_information`, `used_in_last_24_hours`, `last_used_date` [D]); fields tokenkit can do without are optional.
Times come in two dialects (`…558793+00:00` for keys and users, `…006189Z` or nanoseconds for access tokens [D]):
both are RFC 3339 and read by the same schema.
*/

/** `{data: {id, type}}`: a relationship to one user (or, for a service access token, to a `service_account`). */
const RelationshipSchema = v.nullish(v.looseObject({
	data: v.nullish(v.looseObject({id: v.pipe(v.string(), v.nonEmpty()), type: v.optional(v.string())})),
}));

/** A time a key may not have (never used, no expiry). */
const optionalTime = v.nullish(isoDateTime);

/** An API key's attributes. `key` is the secret: only in a single key's answer (create, get, patch), never kept. */
export const DatadogApiKeySchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	type: v.optional(v.string()),
	attributes: v.looseObject({
		name: v.optional(v.string()),
		key: v.optional(v.string()),
		last4: v.optional(v.string()),
		created_at: optionalTime,
		modified_at: optionalTime,
		/** Null when unused; Datadog's own description of its twin `last_used_date` says "in the past ninety (90) days" [D]. */
		date_last_used: optionalTime,
		category: v.optional(v.string()),
		remote_config_read_enabled: v.optional(v.boolean()),
	}),
	relationships: v.optional(v.looseObject({
		created_by: RelationshipSchema,
		modified_by: RelationshipSchema,
	})),
});

export type DatadogApiKey = v.InferOutput<typeof DatadogApiKeySchema>;

/** An application key. `scopes: null` means the owner's full access [S][D]. `key` as for API keys. */
export const DatadogApplicationKeySchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	type: v.optional(v.string()),
	attributes: v.looseObject({
		name: v.optional(v.string()),
		key: v.optional(v.string()),
		last4: v.optional(v.string()),
		created_at: optionalTime,
		last_used_at: optionalTime,
		scopes: v.nullish(v.array(v.string())),
	}),
	/** `owned_by` is absent from some answers (the caller's own list, a service account's get [D]). */
	relationships: v.optional(v.looseObject({
		owned_by: RelationshipSchema,
	})),
});

export type DatadogApplicationKey = v.InferOutput<typeof DatadogApplicationKeySchema>;

/**
A personal or service access token (`personal_access_tokens`, `service_access_tokens`) [S+]. Its scopes are never
null; its expiry is required for a personal one and may be null for a service one. `key` is only in a create answer.
*/
export const DatadogAccessTokenSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	type: v.optional(v.string()),
	attributes: v.looseObject({
		name: v.optional(v.string()),
		key: v.optional(v.string()),
		public_portion: v.optional(v.string()),
		created_at: optionalTime,
		modified_at: optionalTime,
		expires_at: optionalTime,
		last_used_at: optionalTime,
		scopes: v.nullish(v.array(v.string())),
	}),
	relationships: v.optional(v.looseObject({
		owned_by: RelationshipSchema,
	})),
});

export type DatadogAccessToken = v.InferOutput<typeof DatadogAccessTokenSchema>;

/**
A list's `meta`: `page.total_filtered_count` is required, since the listing is checked against it (pagination [S]);
`max_allowed` and `max_allowed_per_user` are read by nobody and kept in no record.
*/
const ListMetaSchema = v.looseObject({
	page: v.looseObject({
		total_filtered_count: v.pipe(v.number(), v.integer(), v.minValue(0)),
	}),
});

/** One page of a list: `data`, and the total it must add up to. `included` is not read (owners are looked up). */
export function listSchema<const TItem extends v.GenericSchema>(item: TItem) {
	return v.looseObject({data: v.array(item), meta: ListMetaSchema});
}

/** A single record's answer: `{data}`. */
export function singleSchema<const TItem extends v.GenericSchema>(item: TItem) {
	return v.looseObject({data: item});
}

/** A role as a user's answer includes it: tokenkit reads its name (`Datadog Admin Role`, a custom role's). */
const IncludedSchema = v.looseObject({
	type: v.optional(v.string()),
	id: v.optional(v.string()),
	attributes: v.optional(v.looseObject({name: v.optional(v.string())})),
});

/** `GET /api/v2/users/{user_id}` [S]: whether the user is disabled or a service account, their email and roles. */
export const DatadogUserResponseSchema = v.looseObject({
	data: v.looseObject({
		id: v.pipe(v.string(), v.nonEmpty()),
		attributes: v.optional(v.looseObject({
			email: v.nullish(v.string()),
			handle: v.nullish(v.string()),
			name: v.nullish(v.string()),
			disabled: v.nullish(v.boolean()),
			/** `Active`, `Pending`, `Disabled` [D]; a plain string, so a status Datadog adds later is read, not refused. */
			status: v.nullish(v.string()),
			service_account: v.nullish(v.boolean()),
		})),
		relationships: v.optional(v.looseObject({
			roles: v.optional(v.looseObject({
				data: v.optional(v.array(v.looseObject({id: v.string(), type: v.optional(v.string())}))),
			})),
		})),
	}),
	included: v.optional(v.array(IncludedSchema)),
});

export type DatadogUserResponse = v.InferOutput<typeof DatadogUserResponseSchema>;
