import {generateProfile, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import {uniqueIds, uniqueNames, type UniqueIds} from './ids.js';
import {installationPermissions, type CredentialAuthorization, type CredentialType, type Grant, type Org, type OrgIds, type PermissionGroups, type Repository, type RepositorySelection, type User} from './model.js';

const repositoryNames = ['api', 'web', 'infra', 'terraform-modules', 'docs', 'billing', 'mobile', 'data-pipeline', 'auth-service', 'helm-charts', 'sdk-js', 'ops-runbooks'] as const;

export interface SeedContext {
	readonly random: Random;
	readonly now: number;
	/** Org and installation ids, shared by every org of the simulator: one installation id never reaches two orgs. */
	readonly accountIds: AccountIds;
}

export interface AccountIds {
	readonly org: UniqueIds;
	readonly installation: UniqueIds;
}

export function accountIds(): AccountIds {
	return {org: uniqueIds(10_000_000, 99_999_999), installation: uniqueIds(40_000_000, 69_999_999)};
}

/** An org's ids, in ranges of the sizes GitHub's have. */
function orgIds(): OrgIds {
	return {
		grant: uniqueIds(1_000_000, 9_999_999),
		token: uniqueIds(10_000_000, 99_999_999),
		credential: uniqueIds(100_000, 9_999_999),
		authorizedCredential: uniqueIds(1_000_000, 999_999_999),
		user: uniqueIds(1_000_000, 99_999_999),
		login: uniqueNames(),
		repository: uniqueIds(100_000_000, 999_999_999),
	};
}

/**
One org with its members, repositories, fine-grained PAT grants (`grants` of them) and SSO credential
authorizations (three for every five grants). The data carries what an audit should find: tokens that never expire,
org administration, all repositories, tokens never used or unused for months, and owners who left the org.
*/
export function seedOrg(position: number, grants: number, context: SeedContext): Org {
	const {random} = context;
	const login = `sim-org-${position}`;
	const domain = `${login}.example.com`;
	const ids = orgIds();
	const people = Array.from({length: 8}, () => seededPerson(random, domain));
	const users = people.map((person, index) => userFor(person, random, ids, index < 2 ? 'admin' : 'member'));
	const repositories: Repository[] = repositoryNames.map(name => ({id: ids.repository.take(random), name, private: random.chance(0.8)}));
	const org: Org = {
		name: `github-org-${position}`,
		login,
		id: context.accountIds.org.take(random),
		installationId: context.accountIds.installation.take(random),
		permissions: installationPermissions,
		users,
		repositories,
		grants: [],
		authorizations: [],
		ids,
		churned: 0,
	};
	const [first, ...rest] = people;
	if (first === undefined) {
		return org;
	}

	for (let index = 0; index < grants; index++) {
		org.grants.push(grantFromProfile(org, generateProfile(random, index, context.now, [first, ...rest]), 'seed', random));
	}

	const authorizations = Math.ceil((grants * 3) / 5);
	for (let index = 0; index < authorizations; index++) {
		org.authorizations.push(authorizationFromProfile(org, generateProfile(random, grants + index, context.now, [first, ...rest]), 'seed', random));
	}

	return org;
}

function userFor(person: SeededPerson, random: Random, ids: OrgIds, role: User['role']): User {
	const login = ids.login.claim(`${person.firstName}-${person.lastName}${random.int(1, 99)}`.toLowerCase());
	// Most people keep their email private on GitHub, so `owner.email` is usually null (docs/vendors/github.md, records [S]).
	return {login, id: ids.user.take(random), email: random.chance(0.3) ? person.email : null, role, member: true};
}

/** The profile's owner as a user of the org; a profile whose owner left gets someone who is no longer a member. */
function ownerOf(org: Org, profile: TokenProfile, random: Random): User {
	if (profile.ownerGone) {
		const former: User = {...userFor(profile.owner, random, org.ids, 'member'), member: false};
		org.users.push(former);
		return former;
	}

	const candidates = org.users.filter(user => user.member && (!profile.admin || user.role === 'admin'));
	const [first, ...rest] = candidates;
	return first === undefined ? org.users[0] ?? userFor(profile.owner, random, org.ids, 'member') : random.pick([first, ...rest]);
}

export function grantFromProfile(org: Org, profile: TokenProfile, origin: Grant['origin'], random: Random): Grant {
	const selection: RepositorySelection = profile.admin ? 'all' : random.pick(['subset', 'subset', 'subset', 'all', 'none'] as const);
	const repositories = selection === 'subset' ? pickRepositories(org.repositories, random) : [];
	return {
		id: org.ids.grant.take(random),
		tokenId: org.ids.token.take(random),
		tokenName: profile.name,
		owner: ownerOf(org, profile, random),
		repositorySelection: selection,
		repositories,
		permissions: permissionsFor(profile),
		accessGrantedAt: profile.createdAt,
		tokenExpiresAt: profile.expiresAt,
		tokenLastUsedAt: profile.lastUsedAt,
		origin,
	};
}

function permissionsFor(profile: TokenProfile): PermissionGroups {
	if (profile.admin) {
		return {
			organization: {administration: 'write', members: 'write'},
			repository: {administration: 'write', contents: 'write', metadata: 'read'},
		};
	}

	if (profile.readOnly) {
		return {repository: {contents: 'read', metadata: 'read'}};
	}

	return {organization: {members: 'read'}, repository: {contents: 'write', pull_requests: 'write', metadata: 'read'}};
}

function pickRepositories(all: readonly Repository[], random: Random): Repository[] {
	const count = random.int(1, 4);
	const picked = new Set<Repository>();
	const [first, ...rest] = all;
	if (first === undefined) {
		return [];
	}

	while (picked.size < Math.min(count, all.length)) {
		picked.add(random.pick([first, ...rest]));
	}

	return [...picked];
}

const credentialTypes = ['personal access token', 'personal access token', 'personal access token', 'SSH key', 'OAuth app token', 'GitHub app token'] as const satisfies readonly CredentialType[];

export function authorizationFromProfile(org: Org, profile: TokenProfile, origin: CredentialAuthorization['origin'], random: Random): CredentialAuthorization {
	const type: CredentialType = random.pick(credentialTypes);
	const sshKey = type === 'SSH key';
	const scopes = sshKey ? null : profile.admin ? ['admin:org', 'repo', 'workflow'] : profile.readOnly ? ['read:org'] : ['repo', 'read:org'];
	return {
		credentialId: org.ids.credential.take(random),
		user: ownerOf(org, profile, random),
		type,
		tokenLastEight: sshKey ? null : random.alphanumeric(8),
		fingerprint: sshKey ? `SHA256:${random.alphanumeric(43)}` : null,
		authorizedAt: profile.createdAt,
		accessedAt: profile.lastUsedAt,
		scopes,
		authorizedCredentialId: org.ids.authorizedCredential.take(random),
		title: sshKey ? `${profile.name} key` : null,
		note: type === 'personal access token' ? profile.name : null,
		// Classic PATs may never expire; SSH keys and OAuth tokens have no expiry at all (docs/vendors/github.md, records [S]).
		expiresAt: type === 'personal access token' ? profile.expiresAt : null,
		origin,
	};
}
