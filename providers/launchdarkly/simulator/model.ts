import type {Statement} from '../schema.js';
import type {AccountTokens} from './account-tokens.js';

/** A member's base role. `owner` is the account owner; tokens made in the UI may carry it too. */
export type MemberRole = 'owner' | 'admin' | 'writer' | 'reader';

export interface Member {
	readonly id: string;
	readonly email: string;
	readonly firstName: string;
	readonly lastName: string;
	readonly role: MemberRole;
}

/** A custom role of the account. `manageTokens`: its policy allows the personal/service access token actions. */
export interface CustomRole {
	readonly id: string;
	readonly key: string;
	readonly name: string;
	readonly description: string;
	readonly policy: readonly Statement[];
	readonly manageTokens: boolean;
}

/** A secret replaced by a reset that keeps working until `expiresAt` (epoch ms, exclusive). */
export interface GraceKey {
	readonly secret: string;
	readonly expiresAt: number;
}

/** Where a token came from; churn only deletes tokens nobody's test made on purpose. */
export type TokenOrigin = 'credential' | 'seed' | 'churn' | 'api';

/** One access token as the simulator stores it: the full secret lives here and nowhere in an answer but create/reset. */
export interface StoredToken {
	readonly id: string;
	readonly memberId: string;
	name: string | undefined;
	description: string | undefined;
	readonly creationDate: number;
	lastModified: number;
	/** 0: never used (docs/vendors/launchdarkly.md [I]). */
	lastUsed: number;
	/** Absent when the token uses custom roles or an inline policy instead of a base role. */
	role: string | undefined;
	/** The stored lists are replaced, never changed in place, so tokens may share one empty list. */
	customRoleIds: readonly string[];
	inlineRole: readonly Statement[];
	readonly serviceToken: boolean;
	readonly defaultApiVersion: number;
	secret: string;
	graceKeys: readonly GraceKey[];
	readonly origin: TokenOrigin;
}

/** The keys every seeded account hands out, besides its seeded tokens. */
export const credentialRoles = ['admin', 'owner', 'writer', 'reader'] as const;
export type CredentialRole = (typeof credentialRoles)[number];

export interface Account {
	/** The label configs use, e.g. `launchdarkly-account-1`. */
	readonly name: string;
	/** The account id; every token's `ownerId` (docs/vendors/launchdarkly.md [D]: "owner of the account"). */
	readonly id: string;
	readonly members: ReadonlyMap<string, Member>;
	/** The account owner, who also created the simulator's own keys. */
	readonly owner: Member;
	/** Ids of people who created tokens and have since been removed from the account. */
	readonly formerMemberIds: readonly [string, ...string[]];
	readonly customRoles: readonly CustomRole[];
	/** In creation order, the order the list answers in. */
	readonly tokens: AccountTokens;
	/** The simulator's own keys, by role. The records outlive a delete, so a report can still name the key. */
	readonly credentials: Readonly<Record<CredentialRole, StoredToken>>;
	/** How many tokens churn has added, for their names. */
	churned: number;
}

/**
API versions from the spec's changelog, oldest first. 20240415 made `GET /api/v2/tokens` paginated with a
default limit of 25 (docs/vendors/launchdarkly.md [S]); tokens made before versioning carry 20160426.
*/
export const apiVersions = [20_160_426, 20_191_212, 20_210_729, 20_220_603, 20_240_415] as const;
export const latestApiVersion = 20_240_415;
export const paginatedSince = 20_240_415;

/** The routes by the spec's operationId; rate limits are counted per route (docs/vendors/launchdarkly.md [S]: "URL pattern and verb"). */
export const routeNames = ['getTokens', 'postToken', 'getToken', 'patchToken', 'deleteToken', 'resetToken', 'getCustomRoles', 'getCallerIdentity'] as const;
export type RouteName = (typeof routeNames)[number];

export const tokensPath = '/api/v2/tokens';
export const rolesPath = '/api/v2/roles';
export const callerIdentityPath = '/api/v2/caller-identity';
