import {generateProfile, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import {isoDay} from '../lifetime.js';
import type {CredentialRole, Instance, ResourceKind, SimResource, SimToken, SimUser} from './model.js';
import {TokenRows} from './token-rows.js';

const day = 86_400_000;

/** Makes keys that look like GitLab's: `glpat-` and 20 characters (docs/vendors/gitlab.md, schemas [I]). */
export interface KeyMinter {
	key(): string;
}

export function createKeyMinter(random: Random, onKey: (key: string) => void): KeyMinter {
	return {
		key() {
			const key = ['glpat-', random.alphanumeric(20)].join('');
			onKey(key);
			return key;
		},
	};
}

interface SeedContext {
	readonly random: Random;
	readonly minter: KeyMinter;
	readonly now: number;
}

/** A token before it has an id: ids are given in creation order, as GitLab's grow with time. */
type Draft = Omit<SimToken, 'id' | 'previousId'> & {readonly predecessor?: Draft | undefined};

/** Documentation-range addresses (RFC 5737), so seeded last-used addresses never name a real network. */
const documentationRanges = ['192.0.2', '198.51.100', '203.0.113'] as const;

const groupPaths = ['acme', 'acme/platform', 'acme/data'] as const;
const projectPaths = ['acme/platform/api', 'acme/platform/web', 'acme/data/warehouse'] as const;

/**
One instance: an administrator (`root`), people (one more administrator among them, two who have left: blocked and
deactivated), three groups and three projects, the simulator's own keys, and `tokenCount` seeded tokens from the
shared profiles. Odd instances require an expiry (GitLab's default), even ones do not, so only they hold tokens
that never expire. Some seeded tokens are revoked, some have a revoked predecessor they were rotated from.
*/
export function seedInstance(index: number, tokenCount: number, context: SeedContext): Instance {
	const {random, now} = context;
	const users = new Map<number, SimUser>();
	let nextUserId = 1;
	const addUser = (fields: Omit<SimUser, 'id'>): SimUser => {
		const user = {id: nextUserId++, ...fields};
		users.set(user.id, user);
		return user;
	};

	const domain = `gitlab${index}.example`;
	addUser({username: 'root', name: 'Administrator', email: `admin@${domain}`, publicEmail: '', state: 'active', isAdmin: true, bot: false});
	const people: SeededPerson[] = Array.from({length: 8}, () => seededPerson(random, domain));
	const personUser = new Map<SeededPerson, SimUser>();
	for (const [position, person] of people.entries()) {
		const username = person.email.split('@')[0]?.replaceAll('.', '_') ?? `user${position}`;
		personUser.set(person, addUser({
			username,
			name: `${person.firstName} ${person.lastName}`,
			email: person.email,
			publicEmail: position % 3 === 0 ? person.email : '',
			state: 'active',
			isAdmin: position === 0,
			bot: false,
		}));
	}

	const departed = [
		addUser({username: 'former_contractor', name: 'Former Contractor', email: `contractor@${domain}`, publicEmail: '', state: 'blocked', isAdmin: false, bot: false}),
		addUser({username: 'former_engineer', name: 'Former Engineer', email: `engineer@${domain}`, publicEmail: '', state: 'deactivated', isAdmin: false, bot: false}),
	];
	const [firstPerson, ...otherPeople] = people;
	if (firstPerson === undefined) {
		throw new Error('unreachable: people is never empty');
	}

	const admins = [...users.values()].filter(user => user.isAdmin);
	const maintainer = personUser.get(people[1] ?? firstPerson) ?? admins[0];
	const developer = personUser.get(people[2] ?? firstPerson) ?? admins[0];
	if (maintainer === undefined || developer === undefined) {
		throw new Error('unreachable: the instance has people');
	}

	const resource = (kind: ResourceKind, id: number, fullPath: string): SimResource => ({kind, id, name: fullPath.split('/').at(-1) ?? fullPath, fullPath, members: new Map()});
	const groups = new Map(groupPaths.map((path, position) => [101 + position, resource('group', 101 + position, path)]));
	const projects = new Map(projectPaths.map((path, position) => [201 + position, resource('project', 201 + position, path)]));
	for (const group of groups.values()) {
		group.members.set(maintainer.id, 50);
		group.members.set(developer.id, 30);
	}

	for (const project of projects.values()) {
		project.members.set(maintainer.id, 40);
	}

	const requireExpiry = index % 2 === 1;
	const maxLifetimeDays = 365;
	const everyResource = [...groups.values(), ...projects.values()];
	const bot = (on: SimResource, accessLevel: number, name: string): SimUser => {
		const user = addUser({
			username: `${on.kind}_${on.id}_bot_${random.hex(8)}`,
			name,
			email: `${on.kind}_${on.id}_bot@noreply.${domain}`,
			publicEmail: '',
			state: 'active',
			isAdmin: false,
			bot: true,
		});
		on.members.set(user.id, accessLevel);
		return user;
	};

	const credential = (role: CredentialRole, user: SimUser, scopes: readonly string[], on: {readonly resource: SimResource; readonly accessLevel: number} | null = null): Draft => ({
		userId: user.id,
		name: `tokenkit-sim-${role}`,
		description: `Simulator ${role} key`,
		scopes,
		createdAt: now - 30 * day,
		lastUsedAt: null,
		lastUsedIps: [],
		expiresAt: isoDay(now + 300 * day),
		revoked: false,
		impersonation: false,
		secret: context.minter.key(),
		resource: on === null ? null : {kind: on.resource.kind, id: on.resource.id, accessLevel: on.accessLevel},
		origin: 'credential',
	});
	const acme = groups.get(101);
	if (acme === undefined) {
		throw new Error('unreachable: the groups are written out above');
	}

	const rootUser = users.get(1) ?? maintainer;
	const credentialDrafts: Record<CredentialRole, Draft> = {
		admin: credential('admin', rootUser, ['api']),
		maintainer: credential('maintainer', maintainer, ['api']),
		developer: credential('developer', developer, ['read_api']),
		'group-bot': credential('group-bot', bot(acme, 40, 'tokenkit-sim-group-bot'), ['api'], {resource: acme, accessLevel: 40}),
	};

	const drafts: Draft[] = Object.values(credentialDrafts);
	const peopleTuple: readonly [SeededPerson, ...SeededPerson[]] = [firstPerson, ...otherPeople];
	for (let position = 0; position < tokenCount; position++) {
		const profile = generateProfile(random, position, now, peopleTuple);
		const owner = profile.ownerGone ? random.pick([departed[0] ?? rootUser, departed[1] ?? rootUser] as const) : personUser.get(profile.owner) ?? rootUser;
		const draft = draftFromProfile(profile, {owner, admins, everyResource, bot, requireExpiry, context});
		drafts.push(draft);
		if (draft.predecessor !== undefined) {
			drafts.push(draft.predecessor);
		}
	}

	const ordered = drafts.sort((a, b) => a.createdAt - b.createdAt);
	const ids = new Map<Draft, number>(ordered.map((draft, position) => [draft, position + 1]));
	const tokens = new TokenRows();
	for (const draft of ordered) {
		const {predecessor, ...fields} = draft;
		const id = ids.get(draft) ?? 0;
		tokens.add({...fields, id, previousId: predecessor === undefined ? null : ids.get(predecessor) ?? null});
	}

	const credentialIds = Object.fromEntries(Object.entries(credentialDrafts).map(([role, draft]) => [role, ids.get(draft) ?? 0]));
	return {
		name: `gitlab-instance-${index}`,
		id: `gitlab${index}.example`,
		users,
		groups,
		projects,
		tokens,
		credentials: {admin: credentialIds['admin'] ?? 0, maintainer: credentialIds['maintainer'] ?? 0, developer: credentialIds['developer'] ?? 0, 'group-bot': credentialIds['group-bot'] ?? 0},
		requireExpiry,
		maxLifetimeDays,
		nextTokenId: ordered.length + 1,
		nextUserId,
		churned: 0,
	};
}

interface DraftContext {
	readonly owner: SimUser;
	readonly admins: readonly SimUser[];
	readonly everyResource: readonly SimResource[];
	readonly bot: (on: SimResource, accessLevel: number, name: string) => SimUser;
	readonly requireExpiry: boolean;
	readonly context: SeedContext;
}

/**
A shared profile as a GitLab token. A service profile is a group or project access token with its own bot; a
personal one a personal access token. Full access is `api` with Owner on a group or project, or `api` (sometimes
`sudo` too) of an administrator. Read-only is `read_api` or `read_repository`, Reporter for a bot. A profile with no
expiry keeps none only where the instance allows it; elsewhere it expires within a year.
*/
export function draftFromProfile(profile: TokenProfile, input: DraftContext): Draft {
	const {random, minter, now} = input.context;
	let userId = input.owner.id;
	let scopes: readonly string[];
	let resource: Draft['resource'] = null;
	if (profile.kind === 'service') {
		const on = input.everyResource[random.int(0, input.everyResource.length - 1)] ?? input.everyResource[0];
		const accessLevel = profile.admin ? 50 : profile.readOnly ? 20 : random.pick([30, 40] as const);
		scopes = profile.admin ? ['api'] : profile.readOnly ? ['read_api', 'read_repository'] : random.pick<readonly string[]>([['api'], ['read_api', 'write_repository'], ['read_registry', 'write_registry']]);
		if (on !== undefined) {
			userId = input.bot(on, accessLevel, profile.name).id;
			resource = {kind: on.kind, id: on.id, accessLevel};
		}
	} else {
		if (profile.admin && !profile.ownerGone) {
			userId = random.pick([input.admins[0] ?? input.owner, input.admins[1] ?? input.owner] as const).id;
		}

		scopes = profile.admin
			? random.pick<readonly string[]>([['api'], ['api', 'sudo']])
			: profile.readOnly ? random.pick<readonly string[]>([['read_api'], ['read_repository']]) : random.pick<readonly string[]>([['api'], ['read_api', 'write_repository'], ['read_user']]);
	}

	const expiresAt = profile.expiresAt !== null
		? isoDay(profile.expiresAt)
		: input.requireExpiry ? isoDay(now + random.int(1, 365) * day) : null;
	const fields: Omit<Draft, 'predecessor'> = {
		userId,
		name: profile.name,
		description: profile.description === '' ? null : profile.description,
		scopes,
		createdAt: profile.createdAt,
		lastUsedAt: profile.lastUsedAt,
		lastUsedIps: profile.lastUsedAt === null ? [] : Array.from({length: random.int(1, 3)}, () => `${random.pick(documentationRanges)}.${random.int(1, 254)}`),
		expiresAt,
		revoked: random.chance(0.08),
		impersonation: false,
		secret: minter.key(),
		resource,
		origin: 'seed',
	};
	// Some tokens were rotated once: their predecessor is revoked, made earlier, same name and owner.
	const age = now - profile.createdAt;
	const predecessor: Draft | undefined = age > 60 * day && random.chance(0.1)
		? {...fields, createdAt: profile.createdAt - random.int(30, 365) * day, lastUsedAt: profile.createdAt - random.int(0, 5) * day, revoked: true, secret: minter.key()}
		: undefined;
	return {...fields, predecessor};
}
