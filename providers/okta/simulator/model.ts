/** The simulator's state for one Okta org: people, their roles, zones, API tokens and apps with their secrets. */

/** `UserStatus` values the simulator seeds (docs/vendors/okta.md, records [S]). */
export type UserStatus = 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED' | 'LOCKED_OUT';

export interface RoleAssignment {
	readonly id: string;
	/** `RoleType`: `SUPER_ADMIN`, … or `CUSTOM`. */
	readonly type: string;
	readonly label: string;
	readonly assignmentType: 'USER' | 'GROUP';
	readonly created: number;
	/** A custom role's id and resource set. */
	readonly role?: string;
	readonly resourceSet?: string;
}

export interface User {
	readonly id: string;
	readonly email: string;
	readonly firstName: string;
	readonly lastName: string;
	status: UserStatus;
	readonly created: number;
	readonly roles: RoleAssignment[];
}

export interface ZoneAddress {
	readonly type: 'CIDR' | 'RANGE';
	readonly value: string;
}

export interface Zone {
	readonly id: string;
	readonly name: string;
	readonly type: 'IP' | 'DYNAMIC';
	readonly status: 'ACTIVE' | 'INACTIVE';
	readonly usage: 'POLICY' | 'BLOCKLIST';
	readonly system: boolean;
	readonly gateways: readonly ZoneAddress[];
	/** A dynamic zone's countries. */
	readonly locations: readonly string[];
	readonly created: number;
}

export interface NetworkCondition {
	readonly connection: 'ANYWHERE' | 'ZONE';
	readonly include?: readonly string[];
	readonly exclude?: readonly string[];
}

/** Which of the simulator's own keys a token is, or where it came from. */
export type TokenOrigin = 'seed' | 'churn' | 'key';

export interface ApiToken {
	readonly id: string;
	readonly name: string;
	readonly userId: string;
	readonly clientName: string;
	/** The whole SSWS value; never shown by any route. */
	readonly secret: string;
	readonly created: number;
	/** The last use (or the creation); `expiresAt` is this plus the window. */
	lastUpdated: number;
	/** Absent: the record carries no `network`, as in Okta's second list example. */
	network: NetworkCondition | undefined;
	readonly origin: TokenOrigin;
}

export interface ClientSecret {
	readonly id: string;
	/** The whole value: shown once, in the create answer. */
	readonly secret: string;
	readonly hash: string;
	status: 'ACTIVE' | 'INACTIVE';
	readonly created: number;
	lastUpdated: number;
}

export interface App {
	readonly id: string;
	readonly label: string;
	readonly name: string;
	readonly signOnMode: 'OPENID_CONNECT' | 'SAML_2_0';
	/** For OpenID Connect apps. */
	readonly authMethod: 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt' | 'private_key_jwt' | 'none' | null;
	readonly created: number;
	readonly secrets: ClientSecret[];
}

/** An OAuth 2.0 access token the simulator accepts as `Authorization: Bearer`, with the scopes it was granted. */
export interface AccessToken {
	readonly value: string;
	readonly scopes: ReadonlySet<string>;
}

/** The simulator's own keys in each org, by role. */
export const credentialRoles = ['admin', 'read-only', 'app-admin'] as const;

export type CredentialRole = (typeof credentialRoles)[number];

export interface Org {
	readonly position: number;
	/** `okta-org-1`: the API tokens account; `okta-org-1-apps` is its client secrets account. */
	readonly name: string;
	readonly id: string;
	readonly users: Map<string, User>;
	readonly zones: Map<string, Zone>;
	readonly tokens: Map<string, ApiToken>;
	readonly apps: Map<string, App>;
	readonly keys: Record<CredentialRole, ApiToken>;
	readonly accessToken: AccessToken;
	churned: number;
}

/** Okta's fixed idle window (docs/vendors/okta.md, expiry [D]). */
export const tokenWindowMs = 30 * 86_400_000;

/** Okta's times are whole seconds, written with `.000` (docs/vendors/okta.md, records [S]). */
export function oktaTime(ms: number): string {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}
