import * as v from 'valibot';
import {isoDateTime} from '../../src/time-schema.js';

/*
GitHub's wire records, as its OpenAPI document describes them (docs/vendors/github.md, records [S]), applied to every
answer. Only the fields tokenkit reads are checked; the rest passes through into `raw`. Times are RFC 3339 strings with
any offset: grants write `2023-05-16T08:47:09.000-07:00`, SSO authorizations `2011-01-26T19:06:43Z`.
*/

const permissionLevels = v.record(v.string(), v.string());

/** `simple-user`: a grant's owner. `email` is optional and nullable, and mostly absent. */
export const SimpleUserSchema = v.looseObject({
	login: v.string(),
	id: v.number(),
	email: v.nullish(v.string()),
});

/** `organization-programmatic-access-grant`: a fine-grained PAT's access to the org. All eleven fields are required. */
export const GrantSchema = v.looseObject({
	id: v.pipe(v.number(), v.integer()),
	owner: SimpleUserSchema,
	repository_selection: v.picklist(['none', 'all', 'subset']),
	repositories_url: v.string(),
	permissions: v.looseObject({
		organization: v.optional(permissionLevels),
		repository: v.optional(permissionLevels),
		other: v.optional(permissionLevels),
	}),
	access_granted_at: isoDateTime,
	token_id: v.pipe(v.number(), v.integer()),
	token_name: v.string(),
	token_expired: v.boolean(),
	token_expires_at: v.nullable(isoDateTime),
	token_last_used_at: v.nullable(isoDateTime),
});

export type Grant = v.InferOutput<typeof GrantSchema>;

export const GrantsSchema = v.array(GrantSchema);

/** `minimal-repository`, of which tokenkit reads the full name. */
export const RepositorySchema = v.looseObject({
	id: v.number(),
	full_name: v.string(),
});

export const RepositoriesSchema = v.array(RepositorySchema);

/** `credential-authorization`: a credential's SAML SSO authorization for the org. */
export const CredentialAuthorizationSchema = v.looseObject({
	login: v.string(),
	credential_id: v.pipe(v.number(), v.integer()),
	credential_type: v.string(),
	token_last_eight: v.optional(v.string()),
	fingerprint: v.optional(v.string()),
	credential_authorized_at: isoDateTime,
	credential_accessed_at: v.nullable(isoDateTime),
	scopes: v.optional(v.array(v.string())),
	authorized_credential_id: v.nullable(v.number()),
	authorized_credential_title: v.nullish(v.string()),
	authorized_credential_note: v.nullish(v.string()),
	authorized_credential_expires_at: v.nullish(isoDateTime),
});

export type CredentialAuthorization = v.InferOutput<typeof CredentialAuthorizationSchema>;

export const CredentialAuthorizationsSchema = v.array(CredentialAuthorizationSchema);

/**
`installation-token`: the key and when it stops. Read with a schema that asks for nothing else, so the key is kept
whatever the rest of the answer holds.
*/
export const InstallationTokenSchema = v.looseObject({
	token: v.pipe(v.string(), v.minLength(1)),
	expires_at: isoDateTime,
});

/** `installation`: its id and the account (org) it is installed on. */
export const InstallationSchema = v.looseObject({
	id: v.pipe(v.number(), v.integer()),
	account: v.nullable(v.looseObject({login: v.optional(v.string())})),
});

/** `org-membership`: whether someone is in the org, and as what. */
export const MembershipSchema = v.looseObject({
	state: v.string(),
	role: v.string(),
});
