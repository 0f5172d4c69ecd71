import {generateProfiles, seededPerson, type SeededPerson, type TokenProfile} from '../../../src/simulate/profiles.js';
import type {Random} from '../../../src/simulate/random.js';
import {tokenWindowMs, type ApiToken, type App, type ClientSecret, type CredentialRole, type NetworkCondition, type Org, type RoleAssignment, type User, type UserStatus, type Zone} from './model.js';

const day = 86_400_000;

/** Mints ids and keys, and reports every key so a test can search output for it. */
export interface Minter {
	/** `prefix` + 17 characters: Okta's ids are 20 characters (`00T…`, `00u…`, `nzo…`, `0oa…`, `ocs…`). */
	id(prefix: string): string;
	/** An SSWS token value: `00` and 40 characters, as Okta's look ([D]). */
	apiToken(): string;
	/** A client secret value: 40 characters of the URL-safe alphabet ([I]: Okta documents only 14 to 100). */
	clientSecret(): string;
	/** An OAuth 2.0 access token (opaque to clients; Okta's are JWTs, which this one only looks like). */
	accessToken(): string;
}

export function createMinter(random: Random, remember: (secret: string) => void): Minter {
	const keep = (secret: string): string => {
		remember(secret);
		return secret;
	};

	return {
		id: prefix => `${prefix}${random.alphanumeric(17)}`,
		apiToken: () => keep(`00${random.alphanumeric(20)}-${random.alphanumeric(19)}`),
		clientSecret: () => keep(`${random.alphanumeric(20)}_${random.alphanumeric(19)}`),
		accessToken: () => keep(`eyJraWQiOi${random.alphanumeric(60)}`),
	};
}

export interface SeedContext {
	readonly random: Random;
	readonly minter: Minter;
	readonly now: number;
}

/**
One org, seeded with the risks an audit should find: super-admin tokens usable from anywhere, tokens of admins
who were suspended, deprovisioned or deleted, conditions that are no allow-list (exclude-only, a dynamic
zone, an inactive zone), old client secrets and a client at its two-secret limit.
*/
export function seedOrg(position: number, tokenCount: number, context: SeedContext): Org {
	const {random, minter, now} = context;
	const domain = `org${position}.example.com`;
	const people = Array.from({length: 8}, () => seededPerson(random, domain));
	const user = (person: SeededPerson, status: UserStatus, roles: Array<Omit<RoleAssignment, 'id' | 'created'>>): User => ({
		id: minter.id('00u'),
		email: person.email,
		firstName: person.firstName,
		lastName: person.lastName,
		status,
		created: now - random.int(400, 2000) * day,
		roles: roles.map(role => ({...role, id: minter.id('ra1'), created: now - random.int(30, 900) * day})),
	});
	const standard = (type: string, label: string, assignmentType: 'USER' | 'GROUP' = 'USER'): Omit<RoleAssignment, 'id' | 'created'> => ({type, label, assignmentType});
	const [p0, p1, p2, p3, p4, p5, p6, p7] = people;
	if (p0 === undefined || p1 === undefined || p2 === undefined || p3 === undefined || p4 === undefined || p5 === undefined || p6 === undefined || p7 === undefined) {
		throw new Error('unreachable: eight people were seeded');
	}

	const superAdmin = user(p0, 'ACTIVE', [standard('SUPER_ADMIN', 'Super Organization Administrator')]);
	const readOnly = user(p1, 'ACTIVE', [standard('READ_ONLY_ADMIN', 'Read Only Administrator')]);
	const appAdmin = user(p2, 'ACTIVE', [standard('APP_ADMIN', 'Application Administrator')]);
	const orgAdmin = user(p3, 'ACTIVE', [standard('ORG_ADMIN', 'Organizational Administrator')]);
	const groupSuper = user(p4, 'ACTIVE', [standard('SUPER_ADMIN', 'Super Organization Administrator', 'GROUP'), standard('REPORT_ADMIN', 'Report Administrator')]);
	const suspended = user(p5, 'SUSPENDED', [standard('HELP_DESK_ADMIN', 'Help Desk Administrator')]);
	const deprovisioned = user(p6, 'DEPROVISIONED', [standard('USER_ADMIN', 'Group Administrator')]);
	const custom = user(p7, 'ACTIVE', [{type: 'CUSTOM', label: 'UserCreatorRole', assignmentType: 'USER', role: minter.id('cr0'), resourceSet: minter.id('iam')}]);
	const users = [superAdmin, readOnly, appAdmin, orgAdmin, groupSuper, suspended, deprovisioned, custom];
	// An admin Okta no longer has: a token naming them is answered 404 when their user is asked for.
	const deletedUserId = minter.id('00u');

	const zone = (name: string, fields: Partial<Zone> & Pick<Zone, 'type'>): Zone => ({
		id: minter.id('nzo'),
		name,
		status: 'ACTIVE',
		usage: 'POLICY',
		system: false,
		gateways: [],
		locations: [],
		created: now - random.int(100, 1500) * day,
		...fields,
	});
	const legacy = zone('LegacyIpZone', {type: 'IP', system: true, gateways: [{type: 'CIDR', value: '203.0.113.0/24'}, {type: 'RANGE', value: '198.51.100.10-198.51.100.20'}]});
	const office = zone('Office VPN', {type: 'IP', gateways: [{type: 'CIDR', value: `192.0.2.${16 * random.int(0, 14)}/28`}]});
	const blocked = zone('BlockedIpZone', {type: 'IP', system: true, usage: 'BLOCKLIST', gateways: [{type: 'CIDR', value: '198.51.100.200/32'}]});
	const countries = zone('Trusted countries', {type: 'DYNAMIC', locations: ['US', 'CA', 'DE']});
	const retired = zone('Old datacenter', {type: 'IP', status: 'INACTIVE', gateways: [{type: 'CIDR', value: '192.0.2.240/29'}]});
	const zones = [legacy, office, blocked, countries, retired];

	const tokens = new Map<string, ApiToken>();
	const add = (token: ApiToken): ApiToken => {
		tokens.set(token.id, token);
		return token;
	};

	const key = (role: CredentialRole, owner: User): ApiToken => add({
		id: minter.id('00T'),
		name: `tokenkit-${role}`,
		userId: owner.id,
		clientName: 'Okta API',
		secret: minter.apiToken(),
		created: now - random.int(2, 20) * day,
		lastUpdated: now - random.int(0, 3) * day,
		network: {connection: 'ANYWHERE'},
		origin: 'key',
	});
	const keys: Record<CredentialRole, ApiToken> = {'admin': key('admin', superAdmin), 'read-only': key('read-only', readOnly), 'app-admin': key('app-admin', appAdmin)};

	const admins = [superAdmin, groupSuper] as const;
	const others = [orgAdmin, readOnly, appAdmin, custom] as const;
	const gone = [suspended, deprovisioned, deletedUserId] as const;
	// The people the profiles name stand for the org's admins; who owns each token is drawn below.
	const profiles = generateProfiles(random, tokenCount, now, [p0, ...people.slice(1)]);
	profiles.forEach((profile, index) => {
		const owner = profile.ownerGone ? random.pick(gone) : random.pick(profile.admin ? admins : others);
		add(tokenFromProfile(profile, typeof owner === 'string' ? owner : owner.id, networkFor(profile, index, {legacy, office, blocked, countries, retired}, random), {random, minter, now}));
	});

	const apps = seedApps(Math.floor(tokenCount / 10), context);
	return {
		position,
		name: `okta-org-${position}`,
		id: minter.id('00o'),
		users: new Map(users.map(entry => [entry.id, entry])),
		zones: new Map(zones.map(entry => [entry.id, entry])),
		tokens,
		apps: new Map(apps.map(app => [app.id, app])),
		keys,
		accessToken: {
			value: minter.accessToken(),
			scopes: new Set(['okta.apiTokens.read', 'okta.apiTokens.manage', 'okta.apps.read', 'okta.apps.manage', 'okta.users.read', 'okta.roles.read', 'okta.networkZones.read']),
		},
		churned: 0,
	};
}

/**
An API token from a profile. Okta revokes a token after 30 days unused and no longer lists it ([D]), so a
profile's older last use becomes a recent one: a token still listed was used within the window (or made within
it and never used since).
*/
export function tokenFromProfile(profile: TokenProfile, userId: string, network: NetworkCondition | undefined, context: SeedContext): ApiToken {
	const {random, minter, now} = context;
	const created = Math.min(profile.createdAt, now);
	const recentUse = profile.lastUsedAt !== null && now - profile.lastUsedAt < tokenWindowMs - day ? profile.lastUsedAt : undefined;
	const lastUpdated = recentUse ?? (now - created < tokenWindowMs - day ? created : now - random.int(0, 28) * day - random.int(0, day - 1));
	return {
		id: minter.id('00T'),
		name: profile.name,
		userId,
		clientName: 'Okta API',
		secret: minter.apiToken(),
		created,
		lastUpdated: Math.max(created, lastUpdated),
		network,
		origin: 'seed',
	};
}

interface SeedZones {
	readonly legacy: Zone;
	readonly office: Zone;
	readonly blocked: Zone;
	readonly countries: Zone;
	readonly retired: Zone;
}

/** A network condition for a profile: zones where it has an allow-list, a few conditions that are none, else anywhere. */
function networkFor(profile: TokenProfile, index: number, zones: SeedZones, random: Random): NetworkCondition | undefined {
	switch (index % 12) {
		case 3: {
			return {connection: 'ZONE', exclude: [zones.blocked.id]};
		}

		case 7: {
			return {connection: 'ZONE', include: [zones.countries.id]};
		}

		case 10: {
			return {connection: 'ZONE', include: [zones.retired.id]};
		}

		default: {
			if (profile.allowedIps.length > 0) {
				return random.chance(0.5) ? {connection: 'ZONE', include: [zones.office.id]} : {connection: 'ZONE', include: [zones.office.id, zones.legacy.id], exclude: [zones.blocked.id]};
			}

			// Okta's own second list example has no `network` at all: an unrestricted token, as ANYWHERE is.
			return random.chance(0.2) ? undefined : {connection: 'ANYWHERE'};
		}
	}
}

/**
The org's apps: OpenID Connect clients with one or two secrets (an old one the audit should find, and one at
Okta's limit of two), clients that use no secret, and a SAML app. `extra` more clients with one secret each.
*/
function seedApps(extra: number, context: SeedContext): App[] {
	const {random, minter, now} = context;
	const secret = (ageDays: number, status: ClientSecret['status'] = 'ACTIVE'): ClientSecret => {
		const created = now - ageDays * day - random.int(0, day - 1);
		return {id: minter.id('ocs'), secret: minter.clientSecret(), hash: random.alphanumeric(22), status, created, lastUpdated: created};
	};

	const app = (label: string, signOnMode: App['signOnMode'], authMethod: App['authMethod'], secrets: ClientSecret[]): App => ({
		id: minter.id('0oa'),
		label,
		name: signOnMode === 'OPENID_CONNECT' ? 'oidc_client' : 'salesforce',
		signOnMode,
		authMethod,
		created: now - random.int(400, 1500) * day,
		secrets,
	});
	return [
		app('Payroll Sync', 'OPENID_CONNECT', 'client_secret_basic', [secret(random.int(500, 900))]),
		app('Grafana SSO', 'OPENID_CONNECT', 'client_secret_post', [secret(random.int(200, 360)), secret(random.int(1, 30), 'INACTIVE')]),
		app('Terraform Automation', 'OPENID_CONNECT', 'client_secret_basic', [secret(random.int(5, 60))]),
		app('Mobile App', 'OPENID_CONNECT', 'none', []),
		app('Backstage', 'OPENID_CONNECT', 'private_key_jwt', []),
		app('Salesforce', 'SAML_2_0', null, []),
		...Array.from({length: extra}, (_, index) => app(`Service client ${index + 1}`, 'OPENID_CONNECT', 'client_secret_basic', [secret(random.int(1, 800))])),
	];
}
