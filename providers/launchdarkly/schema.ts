/**
LaunchDarkly's access-token wire models, written from the `/api/v2/tokens*` part of the REST API's OpenAPI
document (see the vendor docs/vendors/launchdarkly.md). Response objects are loose: fields they do not name are kept, so a token's
`raw` holds everything LaunchDarkly sent, and a field the API adds later breaks nothing. Request bodies
(`AccessTokenPost`, `StatementPost`, `PatchOperation`) are plain objects: they say what a client sends, and
unknown fields are dropped. Required fields are exactly the spec's `required` lists. No field is nullable:
the spec marks none.

Times are integers in epoch milliseconds (`creationDate`, `lastModified`, `lastUsed`), within the range of
src/time-schema.ts; `lastUsed: 0` means the token was never used (docs/vendors/launchdarkly.md [I]).
*/
import * as v from 'valibot';
import {epochMilliseconds, epochMillisecondsOrZero} from '../../src/time-schema.js';

/** An integer as the spec's `int64`/`integer` types: JSON numbers with no fraction. */
const integer = v.pipe(v.number(), v.integer());

const strings = v.array(v.string());

/** `Link`: both fields optional in the spec; `href` is a path such as `/api/v2/tokens/{id}` or a page URL. */
export const LinkSchema = v.looseObject({
	href: v.optional(v.string()),
	type: v.optional(v.string()),
});
export type Link = v.InferOutput<typeof LinkSchema>;

/** `_links`: a map from relation (`self`, `parent`, `first`, `last`, `next`, `prev`, …) to a Link. */
export const LinksSchema = v.record(v.string(), LinkSchema);
export type Links = v.InferOutput<typeof LinksSchema>;

/** `MemberSummary`: the member who created the token, embedded as `_member`. */
export const MemberSummarySchema = v.looseObject({
	_links: LinksSchema,
	_id: v.string(),
	firstName: v.optional(v.string()),
	lastName: v.optional(v.string()),
	/** The member's base role: `reader`, `writer`, `admin`, `owner`, or another role key. */
	role: v.string(),
	email: v.string(),
});
export type MemberSummary = v.InferOutput<typeof MemberSummarySchema>;

/** `allow` or `deny`: the only values the spec allows for a policy statement's effect. */
export const StatementEffectSchema = v.picklist(['allow', 'deny']);

/** `Statement`: one policy statement of a token's inline role. */
export const StatementSchema = v.looseObject({
	resources: v.optional(strings),
	notResources: v.optional(strings),
	actions: v.optional(strings),
	notActions: v.optional(strings),
	effect: StatementEffectSchema,
});
export type Statement = v.InferOutput<typeof StatementSchema>;

/** `Token`: one access token. `token` holds the full secret only in create and reset answers, otherwise its last four characters. */
export const TokenSchema = v.looseObject({
	_id: v.string(),
	ownerId: v.string(),
	memberId: v.string(),
	_member: v.optional(MemberSummarySchema),
	name: v.optional(v.string()),
	description: v.optional(v.string()),
	creationDate: epochMilliseconds,
	lastModified: epochMilliseconds,
	customRoleIds: v.optional(strings),
	inlineRole: v.optional(v.array(StatementSchema)),
	role: v.optional(v.string()),
	token: v.optional(v.string()),
	serviceToken: v.optional(v.boolean()),
	_links: LinksSchema,
	defaultApiVersion: v.optional(integer),
	lastUsed: v.optional(epochMillisecondsOrZero),
});
export type Token = v.InferOutput<typeof TokenSchema>;

/** `Tokens`: the list answer. `totalCount` is the size of the whole filtered collection, not of this page. */
export const TokensSchema = v.looseObject({
	items: v.optional(v.array(TokenSchema)),
	_links: v.optional(LinksSchema),
	totalCount: v.optional(integer),
});
export type Tokens = v.InferOutput<typeof TokensSchema>;

/**
`CustomRole`: one custom role of the account, from `GET /api/v2/roles`. Required are exactly the spec's
`_id`, `_links`, `key`, `name` and `policy`; the rest (`basePermissions`, `resourceCategory`, `assignedTo`,
preset fields, `_access`) are kept in the loose object but not read.
*/
export const CustomRoleSchema = v.looseObject({
	_id: v.string(),
	_links: LinksSchema,
	key: v.string(),
	name: v.string(),
	description: v.optional(v.string()),
	policy: v.array(StatementSchema),
});
export type CustomRole = v.InferOutput<typeof CustomRoleSchema>;

/** `CustomRoles`: one page of the roles listing. `items` is required; `totalCount` is "the total number of custom roles". */
export const CustomRolesSchema = v.looseObject({
	items: v.array(CustomRoleSchema),
	_links: v.optional(LinksSchema),
	totalCount: v.optional(integer),
});
export type CustomRoles = v.InferOutput<typeof CustomRolesSchema>;

/** The base roles the create body accepts. */
export const TokenRoleSchema = v.picklist(['reader', 'writer', 'admin']);
export type TokenRole = v.InferOutput<typeof TokenRoleSchema>;

/** `StatementPost`: a policy statement as a request sends it; the same fields as `Statement`, nothing else. */
export const StatementPostSchema = v.object({
	resources: v.optional(strings),
	notResources: v.optional(strings),
	actions: v.optional(strings),
	notActions: v.optional(strings),
	effect: StatementEffectSchema,
});
export type StatementPost = v.InferOutput<typeof StatementPostSchema>;

/** `AccessTokenPost`: the create body. The spec marks no field required. */
export const AccessTokenPostSchema = v.object({
	name: v.optional(v.string()),
	description: v.optional(v.string()),
	role: v.optional(TokenRoleSchema),
	customRoleIds: v.optional(strings),
	inlineRole: v.optional(v.array(StatementPostSchema)),
	serviceToken: v.optional(v.boolean()),
	defaultApiVersion: v.optional(integer),
});
export type AccessTokenPost = v.InferOutput<typeof AccessTokenPostSchema>;

/** `PatchOperation`: one RFC 6902 operation. `value` may be any JSON value, so it stays `unknown`. */
export const PatchOperationSchema = v.object({
	op: v.string(),
	path: v.string(),
	value: v.optional(v.unknown()),
});
export type PatchOperation = v.InferOutput<typeof PatchOperationSchema>;

/** `JSONPatch`: the PATCH body, an array of operations. */
export const JsonPatchSchema = v.array(PatchOperationSchema);
export type JsonPatch = v.InferOutput<typeof JsonPatchSchema>;

/**
Every error body: `{code, message}`, optionally with `id`, a request id for LaunchDarkly support. The spec's
error representations (`UnauthorizedErrorRep`, `RateLimitedErrorRep`, …) differ only in the example `code`.
*/
export const ErrorRepSchema = v.looseObject({
	code: v.string(),
	message: v.string(),
	id: v.optional(v.string()),
});
export type ErrorRep = v.InferOutput<typeof ErrorRepSchema>;

/** The `code` per status: the spec's error representations name all but 405's, which is inferred. */
export const errorCodes = {
	400: 'invalid_request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	409: 'optimistic_locking_error',
	422: 'patch_failed',
	429: 'rate_limited',
} as const satisfies Record<number, string>;

/**
A create or reset answer: a `Token` whose `token` is the new key in full, shown this once (docs/vendors/launchdarkly.md [S]
`Token.token`). The adapter moves it into a Secret before the record goes anywhere.
*/
export const TokenWithKeySchema = v.looseObject({
	...TokenSchema.entries,
	token: v.pipe(v.string(), v.nonEmpty()),
});
export type TokenWithKey = v.InferOutput<typeof TokenWithKeySchema>;

/**
`CallerIdentityRep`, the answer of `GET /api/v2/caller-identity`: who the key making the request is. The spec
marks no field required; for an access token, `tokenId` is its `_id`.
*/
export const CallerIdentitySchema = v.looseObject({
	accountId: v.optional(v.string()),
	authKind: v.optional(v.string()),
	tokenKind: v.optional(v.string()),
	tokenId: v.optional(v.string()),
	tokenName: v.optional(v.string()),
	memberId: v.optional(v.string()),
	serviceToken: v.optional(v.boolean()),
});
export type CallerIdentity = v.InferOutput<typeof CallerIdentitySchema>;
