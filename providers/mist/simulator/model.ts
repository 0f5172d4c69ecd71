import type {MistAdminPrivilege, MistOrgApiToken, MistPrivilege, MistRole, MistUserApiToken} from '../schema.js';

/** A Mist organization with the sites and site groups its tokens' privileges may name. */
export interface OrgRecord {
	/** The label a config file uses, e.g. `mist-org-1`. */
	readonly label: string;
	readonly id: string;
	readonly name: string;
	readonly sites: ReadonlyArray<{readonly id: string; readonly name: string}>;
	readonly sitegroups: ReadonlyArray<{readonly id: string; readonly name: string}>;
	/** The org group (a set of orgs, Mist's `orggroup` scope) the org belongs to. */
	readonly orggroup: {readonly id: string; readonly name: string};
}

/** An admin (a person) of one org: the owner of user ("self") tokens. */
export interface UserRecord {
	readonly id: string;
	readonly orgId: string;
	readonly email: string;
	readonly firstName: string;
	readonly lastName: string;
	/** The admin's role at org scope, the one that decides what the admin may do with the org's tokens. */
	readonly role: MistRole;
	/**
	Everything `GET /api/v1/self` lists for the admin, the org-scope role included: Mist admins often hold
	several privileges of different scopes (sites, site groups, org groups). A user token acts with all of them.
	*/
	readonly privileges: readonly MistAdminPrivilege[];
}

/** An org token as the simulator stores it; times in epoch seconds, as Mist sends them. */
export interface OrgTokenRecord {
	readonly kind: 'org';
	readonly id: string;
	readonly orgId: string;
	name: string;
	readonly key: string;
	/** Fractional epoch seconds (docs/vendors/mist.md: `created_time` is a double). */
	readonly createdTime: number;
	/** Whole epoch seconds; null when never used. */
	lastUsed: number | null;
	/** The creator's email; null when the creator is gone. */
	readonly createdBy: string | null;
	privileges: MistPrivilege[];
	/** Fixed at creation (docs/vendors/mist.md: `src_ips` cannot be changed afterwards). */
	readonly srcIps: readonly string[];
}

/** A user token: no privileges or allow-list of its own. */
export interface UserTokenRecord {
	readonly kind: 'user';
	readonly id: string;
	readonly userId: string;
	/** Undefined when created without a name (the spec requires none). */
	name: string | undefined;
	readonly key: string;
	readonly createdTime: number;
	/** Whole epoch seconds (the spec types user `last_used` as an integer); null when never used. */
	lastUsed: number | null;
}

/** Who a request authenticated as. */
export type Caller =
	| {readonly kind: 'org'; readonly token: OrgTokenRecord}
	| {readonly kind: 'user'; readonly token: UserTokenRecord; readonly user: UserRecord};

/**
The preview Mist shows instead of a key outside the create response: first four and last four characters
around `...` (the spec's examples show `1qkb...QQCL`).
*/
export function maskKey(key: string): string {
	return `${key.slice(0, 4)}...${key.slice(-4)}`;
}

/**
The wire form of an org token. `reveal` puts the whole key in (the create response only); `withPrivileges`
false leaves `privileges` out, as the spec warns a create response may. `src_ips` is left out when empty,
as in the spec's examples of unrestricted tokens.
*/
export function orgTokenWire(token: OrgTokenRecord, reveal = false, withPrivileges = true): MistOrgApiToken {
	const wire: MistOrgApiToken = {
		id: token.id,
		org_id: token.orgId,
		name: token.name,
		key: reveal ? token.key : maskKey(token.key),
		created_by: token.createdBy,
		created_time: token.createdTime,
		last_used: token.lastUsed,
	};
	// Added last rather than spread in: a list answers with every token of the org.
	if (withPrivileges) {
		wire.privileges = token.privileges.map(privilege => clonePrivilege(privilege));
	}

	if (token.srcIps.length > 0) {
		wire.src_ips = [...token.srcIps];
	}

	return wire;
}

export function userTokenWire(token: UserTokenRecord, reveal = false): MistUserApiToken {
	return {
		id: token.id,
		...(token.name === undefined ? {} : {name: token.name}),
		key: reveal ? token.key : maskKey(token.key),
		created_time: token.createdTime,
		last_used: token.lastUsed,
	};
}

export function clonePrivilege(privilege: MistPrivilege): MistPrivilege {
	const copy = {...privilege};
	if (privilege.views !== undefined) {
		copy.views = [...privilege.views];
	}

	return copy;
}
