import {generateProfiles, seededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import {Collection, type Key, type KeyOwner, type Org, type Project, type ProjectRole, type ServiceAccount, type User} from './model.js';

const day = 86_400_000;

/** Mints ids and keys, and reports every key so a test can search output for it. */
export interface Minter {
	/** An id as OpenAI writes them: `key_…`, `proj_…`, `user-…`, `svc_acct_…`, `org-…` ([S] examples). */
	id(prefix: 'key_' | 'proj_' | 'user-' | 'svc_acct_' | 'org-'): string;
	/** A key: `sk-admin-…`, `sk-proj-…` (a user's project key) or `sk-svcacct-…` (a service account's) ([I]). */
	key(kind: 'admin' | 'project' | 'service-account'): string;
}

const keyPrefixes = {'admin': 'sk-admin-', 'project': 'sk-proj-', 'service-account': 'sk-svcacct-'} as const;

export function createMinter(random: Random, remember: (secret: string) => void): Minter {
	return {
		id: prefix => `${prefix}${random.alphanumeric(prefix === 'key_' ? 16 : 24)}`,
		key(kind) {
			const secret = `${keyPrefixes[kind]}${random.alphanumeric(64)}`;
			remember(secret);
			return secret;
		},
	};
}

/**
OpenAI's mask of a key: its first eight characters, a `*` for each hidden one, and its last four ([I]: a sanitized
real answer shows `sk-admin****…s1MA`, about as long as the key).
*/
export function redactedValue(secret: string): string {
	return `${secret.slice(0, 8)}${'*'.repeat(Math.max(4, secret.length - 12))}${secret.slice(-4)}`;
}

export interface SeedContext {
	readonly random: Random;
	readonly minter: Minter;
	readonly now: number;
}

/** What the first admin keys of every organization are made to show (seedOrg). */
const riskyAdminKeys = ['owner-gone', 'service-account', 'never-used'] as const;

/** Project names, oldest first; the second is archived. */
const projectNames = ['Default project', 'Legacy chatbot', 'Production', 'Staging', 'Research', 'Support assistant', 'Data pipeline', 'Internal tools'] as const;

/**
One organization, seeded with the risks an audit should find: admin keys unused for months or never, an admin key of
an owner who was removed from the organization and one owned by a service account, project keys of removed users
(`owner_project_access: inactive`), keys of project owners, keys that expired and are still listed, and the keys of
an archived project. Projects scale with the number of keys, so lists run over several pages.
*/
export function seedOrg(position: number, keyCount: number, context: SeedContext): Org {
	const {random, minter, now} = context;
	const domain = `org${position}.example.com`;
	const people = Array.from({length: 8}, () => seededPerson(random, domain));
	const users = people.map((person, index): User => ({
		id: minter.id('user-'),
		name: `${person.firstName} ${person.lastName}`,
		email: person.email,
		// Two organization owners; the rest readers.
		role: index < 2 ? 'owner' : 'reader',
		addedAt: now - random.int(200, 1500) * day,
		// The last two have been removed from the organization since.
		inOrg: index < 6,
	}));
	const [owner, secondOwner] = users;
	if (owner === undefined || secondOwner === undefined) {
		throw new Error('unreachable: eight users were seeded');
	}

	const present = users.filter(user => user.inOrg);
	const removed = users.filter(user => !user.inOrg);
	const projectCount = Math.min(projectNames.length + 40, Math.max(4, Math.ceil(keyCount / 6)));
	const projects = new Collection<Project>();
	const oldest = now - 1400 * day;
	for (let index = 0; index < projectCount; index++) {
		const createdAt = oldest + index * random.int(5, 30) * day;
		const project: Project = {
			id: minter.id('proj_'),
			name: projectNames[index] ?? `Project ${index + 1}`,
			createdAt,
			archivedAt: index === 1 ? now - random.int(60, 200) * day : null,
			members: new Map(users.map(user => [user.id, user === owner || random.chance(0.3) ? 'owner' : 'member'] as const)),
			serviceAccounts: new Collection<ServiceAccount>(),
			keys: new Collection<Key>(),
		};
		projects.add(project);
	}

	const organizationServiceAccount: ServiceAccount = {id: minter.id('svc_acct_'), name: 'Org automation', role: 'member', createdAt: now - 500 * day};
	const adminKeys = new Collection<Key>();
	// The key tokenkit is given: an owner's, in daily use.
	const credential: Key = {id: minter.id('key_'), name: 'tokenkit-admin', secret: minter.key('admin'), createdAt: now - random.int(5, 40) * day, lastUsedAt: now - random.int(0, 3600_000), expiresAt: null, owner: {type: 'user', userId: owner.id}, origin: 'credential'};

	const profiles = generateProfiles(random, keyCount, now, [people[0] ?? seededPerson(random, domain), ...people.slice(1)]);
	const pending: Array<{readonly key: Key; readonly project: Project | null}> = [];
	const activeProjects = [...projects.values()].filter(project => project.archivedAt === null);
	const archived = [...projects.values()].filter(project => project.archivedAt !== null);
	let adminKeysSeeded = 0;
	profiles.forEach((profile, index) => {
		if (index % 7 === 3) {
			// About one key in seven is an admin key: of an owner, of an owner removed since, or of a service account.
			// The first three carry the risks every organization should show: an owner gone and the key unused for
			// months, a service account's key, a key never used since it was made long ago.
			const risk = riskyAdminKeys[adminKeysSeeded++];
			const gone = risk === 'owner-gone' || (risk === undefined && profile.ownerGone);
			const service = risk === 'service-account' || (risk === undefined && profile.kind === 'service');
			const holder: KeyOwner = gone
				? {type: 'user', userId: random.pick(nonEmpty(removed)).id}
				: service ? {type: 'service_account', serviceAccount: organizationServiceAccount} : {type: 'user', userId: random.pick([owner.id, secondOwner.id] as const)};
			const createdAt = risk === undefined ? profile.createdAt : Math.min(profile.createdAt, now - random.int(200, 700) * day);
			const lastUsedAt = risk === 'never-used' ? null : risk === 'owner-gone' ? now - random.int(120, 190) * day : profile.lastUsedAt;
			pending.push({key: keyFrom({...profile, createdAt, lastUsedAt: lastUsedAt !== null && lastUsedAt < createdAt ? createdAt : lastUsedAt}, holder, 'admin', context), project: null});
			return;
		}

		const project = index % 11 === 5 && archived.length > 0 ? random.pick(nonEmpty(archived)) : random.pick(nonEmpty(activeProjects));
		const role: ProjectRole = profile.admin ? 'owner' : 'member';
		let holder: KeyOwner;
		if (profile.kind === 'service') {
			// A service account whose project role was taken away (`none`) has no access left: its key shows `inactive`.
			const serviceAccount = project.serviceAccounts.add({id: minter.id('svc_acct_'), name: `${profile.name}-bot`, role: profile.ownerGone ? 'none' : role, createdAt: profile.createdAt});
			holder = {type: 'service_account', serviceAccount};
		} else {
			const user = profile.ownerGone ? random.pick(nonEmpty(removed)) : random.pick(nonEmpty(present));
			project.members.set(user.id, role);
			holder = {type: 'user', userId: user.id};
		}

		// A key of an archived project was last used before the project was archived.
		const lastUsedAt = project.archivedAt !== null && profile.lastUsedAt !== null ? Math.min(profile.lastUsedAt, project.archivedAt) : profile.lastUsedAt;
		pending.push({key: keyFrom({...profile, lastUsedAt}, holder, profile.kind === 'service' ? 'service-account' : 'project', context), project});
	});

	// Listed oldest first, as OpenAI lists them: each collection takes its keys in order of creation.
	for (const {key, project} of [...pending, {key: credential, project: null}].sort((left, right) => left.key.createdAt - right.key.createdAt)) {
		(project === null ? adminKeys : project.keys).add(key);
	}

	return {
		position,
		name: `openai-org-${position}`,
		id: minter.id('org-'),
		users: new Map(users.map(user => [user.id, user])),
		projects,
		adminKeys,
		credential,
		churned: 0,
	};
}

/** A key from a profile: its times in whole seconds, as OpenAI keeps them. */
export function keyFrom(profile: TokenProfile, owner: KeyOwner, kind: 'admin' | 'project' | 'service-account', context: SeedContext): Key {
	const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;
	return {
		id: context.minter.id('key_'),
		name: profile.name,
		secret: context.minter.key(kind),
		createdAt: seconds(profile.createdAt),
		lastUsedAt: profile.lastUsedAt === null ? null : seconds(profile.lastUsedAt),
		expiresAt: profile.expiresAt === null ? null : seconds(profile.expiresAt),
		owner,
		origin: 'seed',
	};
}

function nonEmpty<T>(items: readonly T[]): readonly [T, ...T[]] {
	const [first, ...rest] = items;
	if (first === undefined) {
		throw new Error('unreachable: the seed always has one');
	}

	return [first, ...rest];
}
