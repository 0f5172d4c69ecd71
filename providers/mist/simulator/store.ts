import {generateProfile, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import type {MistAdminPrivilege, MistPrivilege} from '../schema.js';
import type {Caller, OrgRecord, OrgTokenRecord, UserRecord, UserTokenRecord} from './model.js';

/** The keys the simulator itself seeds in every org, for tests and for `accounts()`. */
export type MistKeyRole = 'org-admin' | 'org-read' | 'self-admin' | 'self-read';

export const mistKeyRoles: readonly MistKeyRole[] = ['org-admin', 'org-read', 'self-admin', 'self-read'];

const second = 1000;
const day = 86_400;
/** Mist removes a user token unused for more than 90 days (spec: apiToken scheme notes). */
export const userTokenIdleLimitSeconds = 90 * day;

const orgNames = ['Acme Wireless', 'Globex Campus', 'Initech Retail', 'Umbrella Labs', 'Hooli Offices', 'Soylent Stores', 'Vandelay Logistics', 'Wonka Factories'] as const;
const siteNames = ['HQ', 'Branch-North', 'Warehouse', 'Lab', 'Store-12', 'Datacenter'] as const;

/** Length of a seeded or minted key: an opaque alphanumeric string (the real length is not documented). */
const keyLength = 72;

interface OrgSeedState {
	readonly org: OrgRecord;
	readonly people: readonly [SeededPerson, ...SeededPerson[]];
	readonly keys: Record<MistKeyRole, string>;
	/** Ids of the simulator's own tokens, which churn never deletes. */
	readonly reserved: ReadonlySet<string>;
	/** Counts profiles generated for this org, so churned tokens get fresh names. */
	profileCount: number;
}

export interface StoreOptions {
	readonly accounts: number;
	readonly tokens: number;
	/** Epoch milliseconds. */
	readonly now: number;
}

/**
The simulator's memory: orgs, their admins, org tokens and user tokens, and an index from key to token.
Deterministic for a seed: seeding draws from forks of one random source, and every later key or id is
drawn from its own fork, so runtime mints do not shift seeded data.
*/
export class MistStore {
	readonly orgs = new Map<string, OrgRecord>();
	readonly users = new Map<string, UserRecord>();
	readonly orgTokens = new Map<string, OrgTokenRecord>();
	readonly userTokens = new Map<string, UserTokenRecord>();
	readonly #byKey = new Map<string, OrgTokenRecord | UserTokenRecord>();
	/** Each org's tokens in creation order, so listing one org does not scan every org's tokens. */
	readonly #orgTokensByOrg = new Map<string, Map<string, OrgTokenRecord>>();
	readonly #secrets: string[] = [];
	readonly #seeds = new Map<string, OrgSeedState>();
	readonly #keys: Random;
	readonly #ids: Random;
	readonly #privileges: Random;
	/** Org groups, second site groups and admins' extra privileges: their own stream, so older seeded data stays as it was. */
	readonly #adminScopes: Random;

	constructor(random: Random, options: StoreOptions) {
		this.#keys = random.fork('mist:keys');
		this.#ids = random.fork('mist:ids');
		this.#privileges = random.fork('mist:privileges');
		const orgRandom = random.fork('mist:orgs');
		const profileRandom = random.fork('mist:profiles');
		this.#adminScopes = random.fork('mist:admin-scopes');
		for (let index = 0; index < options.accounts; index++) {
			this.#seedOrg(index, orgRandom, profileRandom, options);
		}
	}

	/** Org labels in seeding order. */
	labels(): string[] {
		return [...this.#seeds.keys()];
	}

	orgByLabel(label: string): OrgRecord | undefined {
		return this.#seeds.get(label)?.org;
	}

	keyFor(label: string, role: MistKeyRole): string | undefined {
		return this.#seeds.get(label)?.keys[role];
	}

	isReserved(tokenId: string): boolean {
		return [...this.#seeds.values()].some(seed => seed.reserved.has(tokenId));
	}

	findByKey(key: string): OrgTokenRecord | UserTokenRecord | undefined {
		return this.#byKey.get(key);
	}

	/** Every key ever seeded or minted, deleted ones included. */
	secrets(): string[] {
		return [...this.#secrets];
	}

	orgTokensOf(orgId: string): OrgTokenRecord[] {
		return [...(this.#orgTokensByOrg.get(orgId)?.values() ?? [])];
	}

	userTokensOf(userId: string): UserTokenRecord[] {
		return [...this.userTokens.values()].filter(token => token.userId === userId);
	}

	/** The org a caller belongs to: an org token's own org, or a user's org. */
	orgOf(caller: Caller): OrgRecord | undefined {
		return this.orgs.get(caller.kind === 'org' ? caller.token.orgId : caller.user.orgId);
	}

	addOrgToken(fields: Omit<OrgTokenRecord, 'kind' | 'id' | 'key'>): OrgTokenRecord {
		// Written out rather than spread: seeding makes one per seeded token.
		const token: OrgTokenRecord = {
			kind: 'org',
			id: this.#ids.uuid(),
			key: this.#mintKey(),
			orgId: fields.orgId,
			name: fields.name,
			createdTime: fields.createdTime,
			lastUsed: fields.lastUsed,
			createdBy: fields.createdBy,
			privileges: fields.privileges,
			srcIps: fields.srcIps,
		};
		this.orgTokens.set(token.id, token);
		this.#byKey.set(token.key, token);
		let ofOrg = this.#orgTokensByOrg.get(token.orgId);
		if (ofOrg === undefined) {
			ofOrg = new Map();
			this.#orgTokensByOrg.set(token.orgId, ofOrg);
		}

		ofOrg.set(token.id, token);
		return token;
	}

	addUserToken(fields: Omit<UserTokenRecord, 'kind' | 'id' | 'key'>): UserTokenRecord {
		const token: UserTokenRecord = {kind: 'user', id: this.#ids.uuid(), key: this.#mintKey(), ...fields};
		this.userTokens.set(token.id, token);
		this.#byKey.set(token.key, token);
		return token;
	}

	/** Deletes a token of either kind; its key stops authenticating at once. */
	deleteToken(token: OrgTokenRecord | UserTokenRecord): void {
		if (token.kind === 'org') {
			this.orgTokens.delete(token.id);
			this.#orgTokensByOrg.get(token.orgId)?.delete(token.id);
		} else {
			this.userTokens.delete(token.id);
		}

		this.#byKey.delete(token.key);
	}

	/** Removes user tokens idle for more than 90 days (last use, or creation when never used). */
	sweepIdleUserTokens(nowSeconds: number): void {
		for (const token of [...this.userTokens.values()]) {
			if (nowSeconds - (token.lastUsed ?? token.createdTime) > userTokenIdleLimitSeconds) {
				this.deleteToken(token);
			}
		}
	}

	/** A new org token made from a seeded profile, as someone using Mist's UI would add one (for churn). */
	addProfiledOrgToken(orgId: string, random: Random, now: number): OrgTokenRecord | undefined {
		const seed = [...this.#seeds.values()].find(candidate => candidate.org.id === orgId);
		if (seed === undefined) {
			return undefined;
		}

		const profile = generateProfile(random, seed.profileCount++, now, seed.people);
		// A token someone creates right now: its creation time is now, whatever age the profile drew.
		return this.addOrgToken({...this.#fromProfile(seed.org, profile), createdTime: now / second, lastUsed: null});
	}

	#seedOrg(index: number, random: Random, profileRandom: Random, options: StoreOptions): void {
		const baseName = random.pick(orgNames);
		const name = `${baseName} ${index + 1}`;
		const domain = `${baseName.toLowerCase().replaceAll(' ', '-')}-${index + 1}.example.com`;
		const org: OrgRecord = {
			label: `mist-org-${index + 1}`,
			id: random.uuid(),
			name,
			sites: Array.from({length: 3}, (_, siteIndex) => ({id: random.uuid(), name: siteNames[(index + siteIndex) % siteNames.length] ?? 'Site'})),
			sitegroups: [{id: random.uuid(), name: 'Retail'}, {id: this.#adminScopes.uuid(), name: 'Clinics'}],
			orggroup: {id: this.#adminScopes.uuid(), name: `${baseName} group`},
		};
		this.orgs.set(org.id, org);

		const people: [SeededPerson, ...SeededPerson[]] = [seededPerson(random, domain)];
		for (let count = 1; count < 6; count++) {
			people.push(seededPerson(random, domain));
		}

		const [adminPerson] = people;
		const readPerson = people[1] ?? adminPerson;
		const admin = this.#addUser(org, adminPerson, 'admin', random);
		const reader = this.#addUser(org, readPerson, 'read', random);
		const now = options.now / second;
		const recently = (): number => Math.floor(now - random.int(60, 3600));

		// The simulator's own org tokens come first, as the oldest in the org. They are ordinary org tokens, so
		// they appear in the org's listing the way a real integration's token does.
		const orgAdmin = this.addOrgToken({
			orgId: org.id,
			name: 'tokenkit-admin',
			createdTime: now - 400 * day - random.int(0, day) + random.int(0, 999) / 1000,
			lastUsed: recently(),
			createdBy: admin.email,
			privileges: [{role: 'admin', scope: 'org', org_id: org.id}],
			srcIps: [],
		});
		const orgRead = this.addOrgToken({
			orgId: org.id,
			name: 'tokenkit-readonly',
			createdTime: now - 390 * day - random.int(0, day) + random.int(0, 999) / 1000,
			lastUsed: recently(),
			createdBy: admin.email,
			privileges: [{role: 'read', scope: 'org', org_id: org.id}],
			srcIps: [],
		});

		const profiles = Array.from({length: options.tokens}, (_, profileIndex) => generateProfile(profileRandom, profileIndex, options.now, people));
		for (const profile of [...profiles].sort((a, b) => a.createdAt - b.createdAt)) {
			this.addOrgToken(this.#fromProfile(org, profile));
		}

		// User tokens: the admin's and the reader's own, plus a few more of the admin's, all used within the last
		// 90 days (older ones would already have been removed by Mist).
		const selfAdmin = this.addUserToken({userId: admin.id, name: 'tokenkit-self', createdTime: now - 120 * day + random.int(0, 999) / 1000, lastUsed: recently()});
		const selfRead = this.addUserToken({userId: reader.id, name: 'tokenkit-self-read', createdTime: now - 100 * day + random.int(0, 999) / 1000, lastUsed: recently()});
		for (const tokenName of ['laptop-scripts', 'postman', undefined]) {
			const createdTime = now - random.int(1, 400) * day - random.int(0, day) + random.int(0, 999) / 1000;
			const neverUsed = createdTime > now - 80 * day && random.chance(0.5);
			this.addUserToken({
				userId: admin.id,
				name: tokenName,
				createdTime,
				lastUsed: neverUsed ? null : Math.floor(Math.max(createdTime, now - random.int(0, 80) * day - random.int(0, day))),
			});
		}

		this.#seeds.set(org.label, {
			org,
			people,
			keys: {'org-admin': orgAdmin.key, 'org-read': orgRead.key, 'self-admin': selfAdmin.key, 'self-read': selfRead.key},
			reserved: new Set([orgAdmin.id, orgRead.id]),
			profileCount: options.tokens,
		});
	}

	#addUser(org: OrgRecord, person: SeededPerson, role: 'admin' | 'read', random: Random): UserRecord {
		const user: UserRecord = {id: random.uuid(), orgId: org.id, email: person.email, firstName: person.firstName, lastName: person.lastName, role, privileges: adminPrivileges(org, role)};
		this.users.set(user.id, user);
		return user;
	}

	/**
	Maps a vendor-neutral profile to an org token. Mist has no expiry, description or service/personal kind
	on org tokens, so those parts of the profile are dropped; times become epoch seconds.
	*/
	#fromProfile(org: OrgRecord, profile: TokenProfile): Omit<OrgTokenRecord, 'kind' | 'id' | 'key'> {
		return {
			orgId: org.id,
			name: profile.name,
			// Milliseconds kept as a fraction: Mist's `created_time` is a double.
			createdTime: profile.createdAt / second,
			lastUsed: profile.lastUsedAt === null ? null : Math.floor(profile.lastUsedAt / second),
			// docs/vendors/mist.md: `created_by` is null when the creator has been deleted.
			createdBy: profile.ownerGone ? null : profile.owner.email,
			privileges: this.#privilegesFor(org, profile),
			srcIps: [...profile.allowedIps],
		};
	}

	#privilegesFor(org: OrgRecord, profile: TokenProfile): MistPrivilege[] {
		if (profile.admin) {
			return [{role: 'admin', scope: 'org', org_id: org.id}];
		}

		const random = this.#privileges;
		if (profile.readOnly) {
			return [{role: 'read', scope: 'org', org_id: org.id, ...(random.chance(0.2) ? {views: ['reporting']} : {})}];
		}

		const [siteA, siteB] = org.sites;
		const sitegroup = org.sitegroups[0];
		const choice = random.int(0, 4);
		if (choice === 1 && siteA !== undefined && siteB !== undefined) {
			return [{role: 'helpdesk', scope: 'site', site_id: siteA.id}, {role: 'helpdesk', scope: 'site', site_id: siteB.id}];
		}

		if (choice === 2 && siteA !== undefined) {
			return [{role: 'installer', scope: 'site', site_id: siteA.id}];
		}

		if (choice === 3 && sitegroup !== undefined) {
			return [{role: 'write', scope: 'sitegroup', sitegroup_id: sitegroup.id}];
		}

		if (choice === 4) {
			return [{role: 'helpdesk', scope: 'org', org_id: org.id, views: ['switch_admin']}];
		}

		return [{role: 'write', scope: 'org', org_id: org.id}];
	}

	#mintKey(): string {
		const key = this.#keys.alphanumeric(keyLength);
		this.#secrets.push(key);
		return key;
	}
}

/**
What each seeded admin holds, as `GET /api/v1/self` shows it: several privileges of different scopes, as real
Mist admins have. The admin: `admin` of the org and `read` over its org group. The read-only admin: `read` of
the org, `installer` at one site and `write` over both site groups (one privilege naming two groups).
*/
function adminPrivileges(org: OrgRecord, role: 'admin' | 'read'): MistAdminPrivilege[] {
	const orgPrivilege: MistAdminPrivilege = {scope: 'org', role, org_id: org.id, name: org.name};
	if (role === 'admin') {
		return [orgPrivilege, {scope: 'orggroup', role: 'read', orggroup_ids: [org.orggroup.id], name: org.orggroup.name}];
	}

	const [site] = org.sites;
	return [
		orgPrivilege,
		...(site === undefined ? [] : [{scope: 'site', role: 'installer', site_id: site.id, org_id: org.id, name: site.name, org_name: org.name}]),
		{scope: 'sitegroup', role: 'write', sitegroup_ids: org.sitegroups.map(group => group.id), org_id: org.id, org_name: org.name},
	];
}
