import * as v from 'valibot';
import {epochSeconds} from '../../src/time-schema.js';

/*
OpenAI's wire models for the Administration API's keys (docs/vendors/openai.md, records [S]). Every time is epoch
seconds. Objects are loose: the official client already knows fields the spec lacks (`expires_at` on project
and service-account keys, [D]), and whatever OpenAI adds later belongs in `raw`, not in a failed listing. Fields the
spec marks required but its own examples leave out (`expires_at` of an admin key) are optional here.
*/

/** A nullable time: null means never (never used, never expires). */
const optionalTime = v.optional(v.nullable(epochSeconds));

/**
The owner of an admin key. Every sub-field is optional in the spec, and its descriptions ("always a user, always an
owner") disagree with its own example (a service account with role `member`), so both are read ([S]).
*/
export const OpenAIAdminKeyOwnerSchema = v.looseObject({
	type: v.optional(v.string()),
	object: v.optional(v.string()),
	id: v.optional(v.string()),
	name: v.optional(v.nullable(v.string())),
	created_at: optionalTime,
	role: v.optional(v.nullable(v.string())),
});

export type OpenAIAdminKeyOwner = v.InferOutput<typeof OpenAIAdminKeyOwnerSchema>;

/** `AdminApiKey`: an organization admin key. `redacted_value` is OpenAI's mask of the key; the key itself is never here. */
export const OpenAIAdminKeySchema = v.looseObject({
	object: v.optional(v.string()),
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.optional(v.nullable(v.string())),
	redacted_value: v.optional(v.nullable(v.string())),
	created_at: epochSeconds,
	expires_at: optionalTime,
	last_used_at: optionalTime,
	owner: v.optional(v.nullable(OpenAIAdminKeyOwnerSchema)),
});

export type OpenAIAdminKey = v.InferOutput<typeof OpenAIAdminKeySchema>;

/** One page of a list: `{object: "list", data, first_id, last_id, has_more}` ([S]: `ApiKeyList` and its siblings). */
export function listSchema<const TItem extends v.GenericSchema>(item: TItem) {
	return v.looseObject({
		object: v.optional(v.string()),
		data: v.array(item),
		first_id: v.optional(v.nullable(v.string())),
		last_id: v.optional(v.nullable(v.string())),
		has_more: v.boolean(),
	});
}

export const OpenAIAdminKeyListSchema = listSchema(OpenAIAdminKeySchema);

/** `Project`: archived ones carry `archived_at` and `status: "archived"`. */
export const OpenAIProjectSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	object: v.optional(v.string()),
	name: v.optional(v.nullable(v.string())),
	created_at: optionalTime,
	archived_at: optionalTime,
	status: v.optional(v.nullable(v.string())),
});

export type OpenAIProject = v.InferOutput<typeof OpenAIProjectSchema>;

export const OpenAIProjectListSchema = listSchema(OpenAIProjectSchema);

/** `ProjectApiKeyOwnerUser`: `role` is the user's role in the project, not in the organization. */
export const OpenAIProjectKeyUserSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	email: v.optional(v.nullable(v.string())),
	name: v.optional(v.nullable(v.string())),
	created_at: optionalTime,
	role: v.optional(v.nullable(v.string())),
});

/** `ProjectApiKeyOwnerServiceAccount`. */
export const OpenAIProjectKeyServiceAccountSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.optional(v.nullable(v.string())),
	created_at: optionalTime,
	role: v.optional(v.nullable(v.string())),
});

/** `ProjectApiKey`: a user's or a service account's key in one project. */
export const OpenAIProjectKeySchema = v.looseObject({
	object: v.optional(v.string()),
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.optional(v.nullable(v.string())),
	redacted_value: v.optional(v.nullable(v.string())),
	created_at: epochSeconds,
	last_used_at: optionalTime,
	/** SDK-only ([D]): null or absent, the key never expires. */
	expires_at: optionalTime,
	/** `active` or `inactive`: whether the owner still has effective access to the project ([S]). */
	owner_project_access: v.optional(v.nullable(v.string())),
	owner: v.optional(v.nullable(v.looseObject({
		type: v.optional(v.string()),
		user: v.optional(v.nullable(OpenAIProjectKeyUserSchema)),
		service_account: v.optional(v.nullable(OpenAIProjectKeyServiceAccountSchema)),
	}))),
});

export type OpenAIProjectKey = v.InferOutput<typeof OpenAIProjectKeySchema>;

export const OpenAIProjectKeyListSchema = listSchema(OpenAIProjectKeySchema);

/** `ProjectServiceAccount`: `role` is `owner`, `member` or `none`. */
export const OpenAIServiceAccountSchema = v.looseObject({
	object: v.optional(v.string()),
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.optional(v.nullable(v.string())),
	role: v.optional(v.nullable(v.string())),
	created_at: optionalTime,
});

export type OpenAIServiceAccount = v.InferOutput<typeof OpenAIServiceAccountSchema>;

/**
A service-account key as a create answers it (`ProjectServiceAccountApiKey`, `ServiceAccountApiKeyBody`): `value` is
the whole key, read into a Secret and never kept; there is no `redacted_value`.
*/
export const OpenAIServiceAccountKeySchema = v.looseObject({
	object: v.optional(v.string()),
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.optional(v.nullable(v.string())),
	created_at: optionalTime,
	expires_at: optionalTime,
	value: v.optional(v.string()),
});

export type OpenAIServiceAccountKey = v.InferOutput<typeof OpenAIServiceAccountKeySchema>;

/** `ProjectServiceAccountCreateResponse`: the account and, unless it was made alone, its first key with `value`. */
export const OpenAIServiceAccountCreatedSchema = v.looseObject({
	...OpenAIServiceAccountSchema.entries,
	api_key: v.nullable(OpenAIServiceAccountKeySchema),
});

/** `GET /organization/users/{user_id}`: who owns an admin key, and whether they are still in the organization. */
export const OpenAIUserSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	object: v.optional(v.string()),
	name: v.optional(v.nullable(v.string())),
	email: v.optional(v.nullable(v.string())),
	/** The user's role in the organization: `owner` or `reader` ([S]). */
	role: v.optional(v.nullable(v.string())),
});

export type OpenAIUser = v.InferOutput<typeof OpenAIUserSchema>;
