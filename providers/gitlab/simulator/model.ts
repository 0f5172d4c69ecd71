/*
The simulated GitLab instance's state. Each simulated account is one instance (its users, groups, projects and
tokens), told apart from the others by the credential a request carries: they share one origin, as every
simulator's accounts do (docs/simulators.md).
*/

import type {TokenRows} from './token-rows.js';

export type ResourceKind = 'group' | 'project';

export type UserState = 'active' | 'blocked' | 'deactivated';

export interface SimUser {
	readonly id: number;
	readonly username: string;
	readonly name: string;
	readonly email: string;
	/** Shown to everyone; most users leave it empty. */
	readonly publicEmail: string;
	state: UserState;
	readonly isAdmin: boolean;
	/** A group or project bot, one per group or project access token (docs/vendors/gitlab.md, auth [D]). */
	readonly bot: boolean;
}

export interface SimResource {
	readonly kind: ResourceKind;
	readonly id: number;
	readonly name: string;
	/** `acme/platform` for a group, `acme/platform/api` for a project. */
	readonly fullPath: string;
	/** Access level of each member, by user id: 10 Guest … 50 Owner. */
	readonly members: Map<number, number>;
}

export interface SimToken {
	readonly id: number;
	readonly userId: number;
	readonly name: string;
	readonly description: string | null;
	readonly scopes: readonly string[];
	readonly createdAt: number;
	lastUsedAt: number | null;
	lastUsedIps: string[];
	/** `YYYY-MM-DD`, the day it stops (00:00 UTC); null for never. */
	readonly expiresAt: string | null;
	revoked: boolean;
	readonly impersonation: boolean;
	readonly secret: string;
	/** The token it was rotated from: tokens linked this way are a family (docs/vendors/gitlab.md, rotation [D]). */
	readonly previousId: number | null;
	/** A group or project access token: its resource and the bot's access level there. */
	readonly resource: {readonly kind: ResourceKind; readonly id: number; readonly accessLevel: number} | null;
	/** Seeded, made through the API, or by churn: churn revokes only what it or the seed made. */
	readonly origin: 'seed' | 'api' | 'churn' | 'credential';
}

/** The simulator's own keys in each instance. */
export const credentialRoles = ['admin', 'maintainer', 'developer', 'group-bot'] as const;

export type CredentialRole = (typeof credentialRoles)[number];

export interface Instance {
	readonly name: string;
	readonly id: string;
	readonly users: Map<number, SimUser>;
	readonly groups: Map<number, SimResource>;
	readonly projects: Map<number, SimResource>;
	/** Every token row, revoked ones included, by id and in id order (token-rows.ts). */
	readonly tokens: TokenRows;
	readonly credentials: Record<CredentialRole, number>;
	/** Whether a token must expire (`require_personal_access_token_expiry`, on by default: docs/vendors/gitlab.md, rotation [D]). */
	readonly requireExpiry: boolean;
	/** The longest lifetime a token may be given, in days. */
	readonly maxLifetimeDays: number;
	nextTokenId: number;
	nextUserId: number;
	churned: number;
}
