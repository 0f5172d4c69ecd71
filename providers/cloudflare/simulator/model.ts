import {createRandom} from '../../../src/simulate/random.js';
import type {OrderedTokens} from './ordered-tokens.js';

/** A request IP condition as the simulator stores it (always under `request_ip`, whichever key was sent). */
export interface StoredRequestIp {
	readonly in?: readonly string[] | undefined;
	readonly not_in?: readonly string[] | undefined;
}

export interface StoredPolicy {
	readonly id: string;
	readonly effect: 'allow' | 'deny';
	readonly permission_groups: ReadonlyArray<{readonly id: string; readonly name: string}>;
	readonly resources: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
}

/** One token, user or account, with its secret: the simulator's record, never sent as it is. */
export interface StoredToken {
	readonly id: string;
	name: string;
	/** What was set: `expired` is worked out from `expiresOn` when the token is shown. */
	status: 'active' | 'disabled';
	readonly issuedOn: number;
	modifiedOn: number;
	lastUsedOn: number | null;
	notBefore: number | null;
	expiresOn: number | null;
	requestIp: StoredRequestIp | undefined;
	policies: StoredPolicy[];
	secret: string;
	/** Account tokens: the creator's email at creation, where known (SDK 7.3.0 field). */
	readonly creatorEmail: string | null;
	/** Who the token belongs to. */
	readonly owner: {readonly kind: 'user'; readonly userId: string} | {readonly kind: 'account'; readonly accountId: string};
	/** Made by the simulator itself (a credential it reports): churn leaves it alone. */
	readonly reserved: boolean;
}

export interface SimUser {
	readonly id: string;
	readonly email: string;
	readonly tokens: OrderedTokens;
	/** The accounts the user is a member of (Super Administrator of each). */
	readonly accountIds: string[];
}

export interface SimZone {
	readonly id: string;
	readonly name: string;
}

export interface SimAccount {
	/** The label a config uses: `cloudflare-account-1`. */
	readonly label: string;
	readonly id: string;
	readonly name: string;
	readonly zones: readonly SimZone[];
	readonly tokens: OrderedTokens;
	/** The account's administrator, whose user tokens the `cloudflare-user-N` entry lists. */
	readonly admin: SimUser;
	readonly userLabel: string;
	/** Keys the simulator hands out, by role, for each scope. */
	readonly credentials: Record<CloudflareKeyRole, StoredToken>;
	churned: number;
}

/**
The simulator's own keys of one account:
- `admin`: an account token that may read and write the account's tokens (the key `accounts()` reports);
- `read`: an account token that may only read them;
- `none`: an account token with no token permission at all (DNS Read on every zone);
- `user-admin`: a user token of the account's administrator that may read and write their user tokens and the
  account's tokens, and read their user details (the `cloudflare-user-N` key);
- `user-read`: a user token that may only read the user's tokens.
*/
export const cloudflareKeyRoles = ['admin', 'read', 'none', 'user-admin', 'user-read'] as const;
export type CloudflareKeyRole = (typeof cloudflareKeyRoles)[number];

/** A permission group of the catalogue: the names Cloudflare uses, with the resource kinds they apply to. */
export interface PermissionGroup {
	readonly id: string;
	readonly name: string;
	readonly scopes: readonly string[];
}

const groupDefinitions: ReadonlyArray<readonly [string, string]> = [
	['API Tokens Read', 'com.cloudflare.api.user'],
	['API Tokens Write', 'com.cloudflare.api.user'],
	['User Details Read', 'com.cloudflare.api.user'],
	['Account API Tokens Read', 'com.cloudflare.api.account'],
	['Account API Tokens Write', 'com.cloudflare.api.account'],
	['Account Settings Read', 'com.cloudflare.api.account'],
	['Account Settings Write', 'com.cloudflare.api.account'],
	['Workers Scripts Read', 'com.cloudflare.api.account'],
	['Workers Scripts Write', 'com.cloudflare.api.account'],
	['Zone Read', 'com.cloudflare.api.account.zone'],
	['Zone Write', 'com.cloudflare.api.account.zone'],
	['DNS Read', 'com.cloudflare.api.account.zone'],
	['DNS Write', 'com.cloudflare.api.account.zone'],
	['Cache Purge', 'com.cloudflare.api.account.zone'],
];

/** Fixed ids, the same in every run and for every seed: a script may name a group by id. */
export const permissionGroups: readonly PermissionGroup[] = groupDefinitions.map(([name, scope]) => ({
	id: createRandom(0x0c_f0_00).fork(name).hex(32),
	name,
	scopes: [scope],
}));

export function groupNamed(name: string): PermissionGroup {
	const group = permissionGroups.find(candidate => candidate.name === name);
	if (group === undefined) {
		throw new Error(`no permission group "${name}" in the simulator's catalogue`);
	}

	return group;
}

export const accountKey = (id: string): string => `com.cloudflare.api.account.${id}`;
export const zoneKey = (id: string): string => `com.cloudflare.api.account.zone.${id}`;
export const userKey = (id: string): string => `com.cloudflare.api.user.${id}`;
