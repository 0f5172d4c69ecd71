/**
The simulator's in-memory org (docs/simulators/datadog.md): users and service accounts with roles, and the four
collections of keys. Times are epoch milliseconds; the wire forms are made in represent.ts.
*/

/** The permissions the simulator checks, by Datadog's names (docs/vendors/datadog.md, auth [S][S+]). */
export const simPermissions = [
	'api_keys_read',
	'api_keys_write',
	'api_keys_delete',
	'org_app_keys_read',
	'org_app_keys_write',
	'user_app_keys',
	'service_account_write',
	'user_access_read',
	'user_access_manage',
	'org_management',
	'dashboards_read',
	'dashboards_write',
	'monitors_read',
	'monitors_write',
	'logs_read_data',
	'metrics_read',
] as const;

export type SimPermission = (typeof simPermissions)[number];

export interface SimRole {
	readonly id: string;
	readonly name: string;
	readonly permissions: ReadonlySet<string>;
	readonly createdAt: number;
}

export interface SimUser {
	readonly id: string;
	readonly email: string;
	readonly handle: string;
	readonly name: string;
	/** Datadog keeps a disabled user listed; their application keys and access tokens stop working. */
	disabled: boolean;
	readonly status: 'Active' | 'Pending';
	readonly serviceAccount: boolean;
	readonly roleIds: readonly string[];
	readonly createdAt: number;
}

export interface SimApiKey {
	readonly id: string;
	name: string;
	readonly key: string;
	readonly createdAt: number;
	modifiedAt: number;
	lastUsedAt: number | null;
	category: string;
	remoteConfigReadEnabled: boolean;
	readonly createdBy: string;
	modifiedBy: string | null;
	/** How it came to be: seeded, the simulator's own credential, created through the API, or churn. */
	readonly origin: 'seed' | 'credential' | 'api' | 'churn';
}

export interface SimApplicationKey {
	readonly id: string;
	name: string;
	readonly key: string;
	readonly createdAt: number;
	lastUsedAt: number | null;
	/** Null: all of its owner's access. */
	scopes: readonly string[] | null;
	readonly ownerId: string;
	readonly origin: 'seed' | 'credential' | 'api' | 'churn';
}

export interface SimAccessToken {
	readonly id: string;
	readonly kind: 'personal' | 'service';
	name: string;
	readonly key: string;
	/** The front of the key, which Datadog shows: `ddpat_…` or `ddsat_…` and 22 characters. */
	readonly publicPortion: string;
	readonly createdAt: number;
	modifiedAt: number | null;
	readonly expiresAt: number | null;
	lastUsedAt: number | null;
	scopes: readonly string[];
	readonly ownerId: string;
	readonly origin: 'seed' | 'api';
}

/** The simulator's own credentials, by role: `admin` is the one `accounts()` reports. */
export const credentialRoles = ['admin', 'auditor', 'standard', 'api-keys-only', 'service-account'] as const;

export type CredentialRole = (typeof credentialRoles)[number];

export interface SimOrg {
	readonly id: string;
	/** The account label, `datadog-org-1`. */
	readonly name: string;
	/**
	One-Time-Read mode: an application key's whole value is shown at creation only. Datadog turned it on for every
	org created after 2025-08-20 [D]; the first seeded org is older than that, the others newer.
	*/
	readonly oneTimeRead: boolean;
	readonly roles: Map<string, SimRole>;
	readonly users: Map<string, SimUser>;
	readonly apiKeys: Map<string, SimApiKey>;
	readonly applicationKeys: Map<string, SimApplicationKey>;
	readonly accessTokens: Map<string, SimAccessToken>;
	/** Access tokens revoked (or expired), so a second revoke answers 204 as Datadog's does [D cassette]. */
	readonly revokedTokens: Set<string>;
	/** The API key id every credential uses, and each credential role's application key id. */
	readonly credentials: {readonly apiKeyId: string; readonly applicationKeyIds: Readonly<Record<CredentialRole, string>>};
	churned: number;
}
