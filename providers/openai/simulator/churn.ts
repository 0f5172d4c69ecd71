import {seededPerson} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import type {ChurnReport} from '../../../src/simulate/types.js';
import {projectKeyId} from '../map.js';
import {isArchived, type Key, type Org, type Project, type User} from './model.js';
import type {Minter} from './seed.js';

export interface ChurnContext {
	readonly minter: Minter;
	readonly now: number;
	/** Tells the simulator a new key exists, so it authenticates. */
	readonly remember: (key: Key) => void;
}

interface PlacedKey {
	readonly key: Key;
	/** Null for an admin key. */
	readonly project: Project | null;
}

/**
People come and go in the dashboard, doing what OpenAI allows (docs/vendors/openai.md): a newcomer joins as a reader
and makes a project key of their own (only the dashboard can make a user's project key [S]); an owner deletes another
key, a project key or an admin key, and removes an earlier reader from the organization, which leaves every key of
theirs listed, the project keys as `owner_project_access: inactive` and the admin keys naming someone OpenAI no longer
knows [S]. Each churn's newcomer is a reader the next one can remove, so churn never runs out of changes. No key is
renamed or widened where a client would see it: admin keys have no update, and a project key's scopes cannot be read
[S]. The simulator's own credential and the organization's owners are never touched. Returns what it did, in the
token ids a provider lists.
*/
export function churnOrg(org: Org, random: Random, {minter, now, remember}: ChurnContext): ChurnReport {
	org.churned++;
	const live = [...org.projects.values()].filter(project => !isArchived(project));
	const project = live[random.int(0, live.length - 1)];
	let created: PlacedKey | undefined;
	let newcomer: User | undefined;
	if (project !== undefined) {
		const person = seededPerson(random, `org${org.position}.example.com`);
		newcomer = {id: minter.id('user-'), name: `${person.firstName} ${person.lastName}`, email: person.email, role: 'reader', addedAt: now, inOrg: true};
		org.users.set(newcomer.id, newcomer);
		project.members.set(newcomer.id, 'member');
		const key: Key = {id: minter.id('key_'), name: `churn-${org.churned}`, secret: minter.key('project'), createdAt: now, lastUsedAt: null, expiresAt: null, owner: {type: 'user', userId: newcomer.id}, origin: 'churn'};
		project.keys.add(key);
		remember(key);
		created = {key, project};
	}

	const existing = placedKeys(org).filter(placed => placed.key.origin !== 'credential' && placed.key !== created?.key);
	const victim = existing[random.int(0, existing.length - 1)];
	if (victim !== undefined) {
		(victim.project?.keys ?? org.adminKeys).delete(victim.key.id);
	}

	// Drawn after the create and the delete, so those stay what they were before anyone was removed.
	const remaining = placedKeys(org);
	const keysOf = (userId: string): PlacedKey[] => remaining.filter(placed => placed.key.owner.type === 'user' && placed.key.owner.userId === userId);
	const leavers = [...org.users.values()].filter(user => user.inOrg && user.role === 'reader' && user !== newcomer && keysOf(user.id).length > 0);
	const leaver = leavers[random.int(0, leavers.length - 1)];
	if (leaver !== undefined) {
		leaver.inOrg = false;
	}

	return {
		account: org.name,
		created: created === undefined ? [] : [tokenId(created)],
		removed: victim === undefined ? [] : [tokenId(victim)],
		changed: leaver === undefined ? [] : keysOf(leaver.id).map(placed => ({id: tokenId(placed), change: 'owner-gone'})),
	};
}

/** Every key of the organization: its admin keys, and the keys of every project, archived ones too. */
function placedKeys(org: Org): PlacedKey[] {
	return [
		...[...org.adminKeys.values()].map(key => ({key, project: null})),
		...[...org.projects.values()].flatMap(project => [...project.keys.values()].map(key => ({key, project}))),
	];
}

/** The key's id as the provider lists it: an admin key's own id, a project key's under its project. */
function tokenId({key, project}: PlacedKey): string {
	return project === null ? key.id : projectKeyId(project.id, key.id);
}
