import * as v from 'valibot';
import {isoDateTime} from '../../src/time-schema.js';

/**
Okta's wire models, for what tokenkit reads (docs/vendors/okta.md, records [S]). Objects are loose: fields they
do not name are kept, so `raw` holds what Okta sent. No field of the spec is marked nullable, but Okta's own
examples leave fields out, so everything tokenkit can do without is optional.
*/

/** The network condition of an API token: zone ids (`nzo…`), not addresses (docs/vendors/okta.md, network [S]). */
export const OktaNetworkConditionSchema = v.looseObject({
	/** `ANYWHERE` or `ZONE` in every example; a plain string, so a value Okta adds later stays readable. */
	connection: v.optional(v.string()),
	include: v.optional(v.array(v.string())),
	exclude: v.optional(v.array(v.string())),
});

export type OktaNetworkCondition = v.InferOutput<typeof OktaNetworkConditionSchema>;

/** One SSWS API token's metadata. The token value is never part of any answer (docs/vendors/okta.md, records [S]). */
export const OktaApiTokenSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	/** The only field the spec requires. */
	name: v.string(),
	/** The admin whose privileges the token carries, and who made it. */
	userId: v.optional(v.string()),
	clientName: v.optional(v.string()),
	created: v.optional(isoDateTime),
	lastUpdated: v.optional(isoDateTime),
	/** When the token dies if it stays unused; every use moves it on. */
	expiresAt: v.optional(isoDateTime),
	/**
	The idle window, an ISO 8601 duration (`P30D`). Read as any string: the spec's own pattern for it accepts
	only `"P"` (docs/vendors/okta.md, gotchas [S]), so applying it would refuse every real record.
	*/
	tokenWindow: v.optional(v.string()),
	network: v.optional(OktaNetworkConditionSchema),
});

export type OktaApiToken = v.InferOutput<typeof OktaApiTokenSchema>;

/** `GET /api/v1/api-tokens`: a bare array, one page of it (docs/vendors/okta.md, pagination [S]). */
export const OktaApiTokenListSchema = v.array(OktaApiTokenSchema);

/** A user as `GET /api/v1/users/{id}` answers: tokenkit reads the id, the status and the email or login. */
export const OktaUserSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	/** `UserStatus`; a plain string so that a status Okta adds later is read (as not ACTIVE) rather than refused. */
	status: v.optional(v.string()),
	profile: v.optional(v.looseObject({
		email: v.nullish(v.string()),
		login: v.nullish(v.string()),
	})),
});

export type OktaUser = v.InferOutput<typeof OktaUserSchema>;

/** One role assignment from `GET /api/v1/users/{userId}/roles`: a standard role, or a custom one bound to a resource set. */
export const OktaRoleAssignmentSchema = v.looseObject({
	id: v.optional(v.string()),
	/** `RoleType`: `SUPER_ADMIN`, `ORG_ADMIN`, … or `CUSTOM`. */
	type: v.string(),
	label: v.optional(v.string()),
	status: v.optional(v.string()),
	/** `USER` or `GROUP`: a role may reach the user through a group. */
	assignmentType: v.optional(v.string()),
	/** A custom role's id. */
	role: v.optional(v.string()),
	/** A custom role's resource set. */
	'resource-set': v.optional(v.string()),
});

export type OktaRoleAssignment = v.InferOutput<typeof OktaRoleAssignmentSchema>;

export const OktaRoleAssignmentListSchema = v.array(OktaRoleAssignmentSchema);

/** A gateway or proxy of an IP zone: `CIDR` (`10.2.3.4/24`) or `RANGE` (`13.4.5.6-13.4.5.8`). */
export const OktaZoneAddressSchema = v.looseObject({
	type: v.optional(v.string()),
	value: v.string(),
});

/** A network zone as `GET /api/v1/zones/{zoneId}` answers (`IP`, `DYNAMIC` or `DYNAMIC_V2`). */
export const OktaNetworkZoneSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.optional(v.string()),
	type: v.string(),
	status: v.optional(v.string()),
	usage: v.optional(v.string()),
	gateways: v.nullish(v.array(OktaZoneAddressSchema)),
});

export type OktaNetworkZone = v.InferOutput<typeof OktaNetworkZoneSchema>;

/**
One OAuth 2.0 client secret. `client_secret` is the secret itself on create, and possibly (the spec does not
say otherwise) on list and get too: it is read only to register it with the redactor and to take a short hint
from it, and never kept in `raw` (docs/vendors/okta.md, client secrets [I]).
*/
export const OktaClientSecretSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	client_secret: v.optional(v.string()),
	secret_hash: v.optional(v.string()),
	/** `ACTIVE` or `INACTIVE`. */
	status: v.optional(v.string()),
	created: v.optional(isoDateTime),
	lastUpdated: v.optional(isoDateTime),
});

export type OktaClientSecret = v.InferOutput<typeof OktaClientSecretSchema>;

export const OktaClientSecretListSchema = v.array(OktaClientSecretSchema);

/**
An app, as far as client secrets need it: which client it is and how it authenticates. An app record may hold
the client's secret (`credentials.oauthClient.client_secret`, shown when an app is created or changed): it is
registered with the redactor and the record goes nowhere.
*/
export const OktaAppSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	label: v.optional(v.string()),
	name: v.optional(v.string()),
	status: v.optional(v.string()),
	signOnMode: v.optional(v.string()),
	credentials: v.optional(v.looseObject({
		oauthClient: v.optional(v.looseObject({
			client_id: v.optional(v.string()),
			client_secret: v.optional(v.string()),
			token_endpoint_auth_method: v.optional(v.string()),
		})),
	})),
});

export type OktaApp = v.InferOutput<typeof OktaAppSchema>;

export const OktaAppListSchema = v.array(OktaAppSchema);
