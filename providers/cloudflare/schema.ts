import * as v from 'valibot';
import {isoDateTime} from '../../src/time-schema.js';

/*
Cloudflare's wire models for the user and account API token routes (docs/vendors/cloudflare.md, schemas [S]).
Objects are loose: the SDK already knows fields the spec lacks (`creator_email_at_creation`,
`provisioner_type`), and whatever Cloudflare adds later belongs in `raw`, not in a failed listing.
*/

/** One `{code, message}` item of an envelope's `errors` or `messages`. */
export const CloudflareMessageSchema = v.looseObject({
	code: v.optional(v.number()),
	message: v.optional(v.string()),
});

/** A CIDR list of a `request_ip` condition. */
const cidrList = v.array(v.string());

/** `condition.request_ip`: an allow-list (`in`) and a deny-list (`not_in`), each optional. */
export const CloudflareRequestIpSchema = v.looseObject({
	in: v.optional(cidrList),
	not_in: v.optional(cidrList),
});

export type CloudflareRequestIp = v.InferOutput<typeof CloudflareRequestIpSchema>;

/**
A token's condition. The 2026 spec and SDK say `request_ip`; older specs, SDKs and the create-via-api guide say
`"request.ip"` (docs/vendors/cloudflare.md, condition key [I]): both are read.
*/
export const CloudflareConditionSchema = v.looseObject({
	request_ip: v.optional(CloudflareRequestIpSchema),
	'request.ip': v.optional(CloudflareRequestIpSchema),
});

export type CloudflareCondition = v.InferOutput<typeof CloudflareConditionSchema>;

/** One permission group of a policy: its id, and its name (read-only, sent back by Cloudflare). */
export const CloudflarePermissionGroupSchema = v.looseObject({
	id: v.string(),
	name: v.optional(v.string()),
});

/**
A policy's resources: a map from resource key to `"*"`, or to a nested map of the same kind (all zones of one
account: `{"com.cloudflare.api.account.<id>": {"com.cloudflare.api.account.zone.*": "*"}}`) [S].
*/
export const CloudflareResourcesSchema = v.record(v.string(), v.union([v.string(), v.record(v.string(), v.string())]));

export type CloudflareResources = v.InferOutput<typeof CloudflareResourcesSchema>;

export const CloudflarePolicySchema = v.looseObject({
	id: v.optional(v.string()),
	/** `allow` or `deny`; read as any string, so an effect Cloudflare adds later shows rather than fails. */
	effect: v.string(),
	permission_groups: v.array(CloudflarePermissionGroupSchema),
	resources: CloudflareResourcesSchema,
});

export type CloudflarePolicy = v.InferOutput<typeof CloudflarePolicySchema>;

/**
One token as list and get show it (`iam_token_base`). The spec requires none of its fields; tokenkit needs the
id and reads every other one as optional. `last_used_on` is not nullable in the spec, but a token never used
may carry null [I]: both mean never used.
*/
export const CloudflareTokenSchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.optional(v.string()),
	status: v.optional(v.string()),
	issued_on: v.nullish(isoDateTime),
	modified_on: v.nullish(isoDateTime),
	last_used_on: v.nullish(isoDateTime),
	not_before: v.nullish(isoDateTime),
	expires_on: v.nullish(isoDateTime),
	condition: v.nullish(CloudflareConditionSchema),
	policies: v.optional(v.array(CloudflarePolicySchema)),
	/** SDK 7.3.0, not in the spec: the creator's email, for account-owned tokens only [D]. */
	creator_email_at_creation: v.nullish(v.string()),
});

export type CloudflareToken = v.InferOutput<typeof CloudflareTokenSchema>;

/** `result_info` of a list answer (`iam_result_info`): no `total_pages` in the token routes [S]. */
export const CloudflareResultInfoSchema = v.looseObject({
	page: v.optional(v.number()),
	per_page: v.optional(v.number()),
	count: v.optional(v.number()),
	total_count: v.optional(v.number()),
});

/** The envelope every answer comes in (`iam_api-response-common`) [S]. */
export const CloudflareEnvelopeSchema = v.looseObject({
	success: v.boolean(),
	errors: v.array(CloudflareMessageSchema),
	messages: v.optional(v.array(CloudflareMessageSchema)),
	result: v.unknown(),
	result_info: v.nullish(CloudflareResultInfoSchema),
});

export type CloudflareEnvelope = v.InferOutput<typeof CloudflareEnvelopeSchema>;

export const CloudflareTokenListSchema = v.array(CloudflareTokenSchema);

/** What verify answers: the id and state of the very token the request carried [S]. */
export const CloudflareVerifySchema = v.looseObject({
	id: v.pipe(v.string(), v.nonEmpty()),
	status: v.string(),
});

/** One permission group as `…/tokens/permission_groups` lists it. */
export const CloudflarePermissionGroupListSchema = v.array(v.looseObject({
	id: v.string(),
	name: v.string(),
	scopes: v.optional(v.array(v.string())),
}));

export type CloudflarePermissionGroupList = v.InferOutput<typeof CloudflarePermissionGroupListSchema>;
