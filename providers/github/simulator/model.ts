/** The simulator's state: one GitHub App installed on several organizations, and what each organization holds. */
import type {UniqueIds, UniqueNames} from './ids.js';

/** The simulated GitHub App (docs/vendors/github.md, auth [D]): one app, installed once on every simulated org. */
export interface App {
	readonly id: number;
	/** The app's client ID, which a JWT may name as its issuer instead of the numeric id. */
	readonly clientId: string;
	readonly slug: string;
	/** The app's private key, PKCS#1 PEM, as GitHub hands it out for download. */
	readonly privateKey: string;
	/** The public half (SPKI PEM), to check JWT signatures with; a string, so the published types need no Node types. */
	readonly publicKey: string;
}

export type OrgRole = 'admin' | 'member';

/** A GitHub user known to an org: a member, or someone who was one and still has grants or authorizations listed. */
export interface User {
	readonly login: string;
	readonly id: number;
	/** Public email, where the user shows one; GitHub mostly does not (docs/vendors/github.md, records [S]). */
	readonly email: string | null;
	readonly role: OrgRole;
	/** False once the user left the org: `GET /orgs/{org}/memberships/{username}` answers 404. */
	member: boolean;
}

export type RepositorySelection = 'none' | 'all' | 'subset';

export interface Repository {
	readonly id: number;
	readonly name: string;
	readonly private: boolean;
}

/** Fine-grained permissions by group, as a grant shows them: `{organization: {members: 'read'}, repository: {...}}`. */
export interface PermissionGroups {
	readonly organization?: Readonly<Record<string, string>>;
	readonly repository?: Readonly<Record<string, string>>;
	readonly other?: Readonly<Record<string, string>>;
}

/** A fine-grained personal access token's access to an org (docs/vendors/github.md, grants [S]). */
export interface Grant {
	/** The grant id (`pat_id`): what revoke takes. */
	readonly id: number;
	/** The token's own id: stable, and a list filter. */
	readonly tokenId: number;
	readonly tokenName: string;
	readonly owner: User;
	readonly repositorySelection: RepositorySelection;
	/** The repositories a `subset` grant reaches; empty otherwise. */
	readonly repositories: readonly Repository[];
	readonly permissions: PermissionGroups;
	/** When the org granted access, epoch ms. */
	readonly accessGrantedAt: number;
	readonly tokenExpiresAt: number | null;
	tokenLastUsedAt: number | null;
	/** Who put it there: seeded, made by churn (the UI), or left alone by both. */
	readonly origin: 'seed' | 'churn';
}

export type CredentialType = 'personal access token' | 'SSH key' | 'OAuth app token' | 'GitHub app token';

/** A credential's SAML SSO authorization for the org (docs/vendors/github.md, SSO authorizations [S]). */
export interface CredentialAuthorization {
	/** The authorization's id: what DELETE takes. */
	readonly credentialId: number;
	readonly user: User;
	readonly type: CredentialType;
	/** The token's last eight characters; absent for SSH keys. */
	readonly tokenLastEight: string | null;
	/** The SSH key's fingerprint; SSH keys only. */
	readonly fingerprint: string | null;
	readonly authorizedAt: number;
	accessedAt: number | null;
	/** OAuth scopes; absent (null) for SSH keys. */
	readonly scopes: readonly string[] | null;
	readonly authorizedCredentialId: number;
	readonly title: string | null;
	readonly note: string | null;
	readonly expiresAt: number | null;
	readonly origin: 'seed' | 'churn';
}

/** An installation access token the simulator minted (`ghs_…`), valid for one org until `expiresAt`. */
export interface InstallationToken {
	readonly org: Org;
	readonly expiresAt: number;
}

export interface Org {
	/** The config label, e.g. `github-org-1`. */
	readonly name: string;
	readonly login: string;
	readonly id: number;
	readonly installationId: number;
	/** The installation's permissions, as `app-permissions` names them. */
	readonly permissions: Readonly<Record<string, string>>;
	readonly users: User[];
	readonly repositories: readonly Repository[];
	/** Grants in the order they were made; a revoked one is removed. */
	readonly grants: Grant[];
	readonly authorizations: CredentialAuthorization[];
	/** The ids the org has given out, by kind: a new grant, authorization or user never takes one again. */
	readonly ids: OrgIds;
	/** Counters for new names made after seeding. */
	churned: number;
}

/**
Where an org's ids come from, one kind each, at the sizes GitHub's have (ids.ts). A kind is unique within the org:
a list, a filter or a path never finds two records under one id.
*/
export interface OrgIds {
	/** Grant ids (`id`, the `pat_id` revoke takes). */
	readonly grant: UniqueIds;
	/** The fine-grained tokens' own ids (`token_id`). */
	readonly token: UniqueIds;
	/** SSO authorization ids (`credential_id`, what DELETE takes). */
	readonly credential: UniqueIds;
	/** The authorized tokens' and keys' own ids (`authorized_credential_id`). */
	readonly authorizedCredential: UniqueIds;
	readonly user: UniqueIds;
	/** Users' logins: one login names one user, member or not (`/memberships/{username}` takes it). */
	readonly login: UniqueNames;
	readonly repository: UniqueIds;
}

/** The permissions the simulated installation holds: what listing, revoking and owner lookups need (docs/vendors/github.md, auth [D] and [I]). */
export const installationPermissions = {
	organization_personal_access_tokens: 'write',
	organization_personal_access_token_requests: 'read',
	organization_administration: 'write',
	members: 'read',
	metadata: 'read',
} as const satisfies Readonly<Record<string, string>>;

/** The API versions GitHub serves (docs/vendors/github.md, versioning [D]); the first is the default. */
export const supportedApiVersions = ['2022-11-28', '2026-03-10'] as const;
