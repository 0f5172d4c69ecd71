import type {Random} from './random.js';

/**
A vendor-neutral description of one seeded token: each vendor simulator turns it into its own wire record.
Sharing one generator gives every vendor the same realistic variety, so an audit finds the same kinds of
risk everywhere.
*/
export interface TokenProfile {
	readonly name: string;
	readonly description: string;
	readonly createdAt: number;
	/** Null: never used. */
	readonly lastUsedAt: number | null;
	/** Null: never expires. May lie in the past (expired but still present). */
	readonly expiresAt: number | null;
	/** Full access (an admin role). */
	readonly admin: boolean;
	/** Read-only (when not admin). */
	readonly readOnly: boolean;
	/** Empty: unrestricted. */
	readonly allowedIps: readonly string[];
	readonly kind: 'service' | 'personal';
	readonly owner: SeededPerson;
	/** The owner has since been removed from the account. */
	readonly ownerGone: boolean;
}

export interface SeededPerson {
	readonly firstName: string;
	readonly lastName: string;
	readonly email: string;
}

const day = 86_400_000;

const purposeNames = [
	'terraform-ci', 'grafana-exporter', 'backup-job', 'slack-bot', 'audit-script', 'deploy-pipeline',
	'datadog-sync', 'inventory-cron', 'jenkins', 'github-actions', 'splunk-forwarder', 'pagerduty-hook',
	'nightly-report', 'migration-tool', 'okta-sync', 'ansible', 'vault-plugin', 'looker-export',
] as const;
/** Descriptions are made once per purpose and shared, rather than once per token of a large account. */
const purposes = nonEmpty(purposeNames.map(name => ({name, description: `Used by ${name.replaceAll('-', ' ')}`})));
const firstNames = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia', 'Edsger', 'Hedy'] as const;
const lastNames = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Liskov', 'Ritchie', 'Allen', 'Thompson', 'Perlman', 'Dijkstra', 'Lamarr'] as const;

/** A seeded person with a plausible work email on `domain`. */
export function seededPerson(random: Random, domain: string): SeededPerson {
	const firstName = random.pick(firstNames);
	const lastName = random.pick(lastNames);
	const email = `${firstName}.${lastName}${random.int(1, 99)}@${domain}`.toLowerCase();
	return {firstName, lastName, email};
}

/**
`count` token profiles, deterministic for a given random stream and `now`. Ages run from days to years;
some tokens were never used, some not for months; roughly a quarter are admin, a third carry an IP
allow-list, a third are service tokens, a fifth expire (some already have), and a tenth belong to people
who have since left.
*/
export function generateProfiles(random: Random, count: number, now: number, people: readonly [SeededPerson, ...SeededPerson[]]): TokenProfile[] {
	return Array.from({length: count}, (_, index) => generateProfile(random, index, now, people));
}

export function generateProfile(random: Random, index: number, now: number, people: readonly [SeededPerson, ...SeededPerson[]]): TokenProfile {
	const ageDays = random.pick([random.int(1, 30), random.int(31, 365), random.int(366, 1500)] as const);
	const createdAt = now - ageDays * day - random.int(0, day - 1);
	const usage = random.next();
	const lastUsedAt = usage < 0.15
		? null
		: usage < 0.4
			? createdAt + Math.floor((now - createdAt) * random.next() * 0.5)
			: Math.max(createdAt, now - random.int(0, 14) * day - random.int(0, day - 1));
	const expiry = random.next();
	const expiresAt = expiry < 0.07
		? now - random.int(1, 60) * day
		: expiry < 0.2
			? now + random.int(1, 365) * day
			: null;
	const admin = random.chance(0.25);
	const purpose = random.pick(purposes);
	return {
		// One flat string: a template literal would keep its pieces alive behind every name of a large account.
		name: [purpose.name, index + 1].join('-'),
		description: random.chance(0.6) ? purpose.description : '',
		createdAt,
		lastUsedAt: lastUsedAt !== null && lastUsedAt > now ? now : lastUsedAt,
		expiresAt,
		admin,
		readOnly: !admin && random.chance(0.5),
		allowedIps: random.chance(0.35) ? seededCidrs(random) : [],
		kind: random.chance(0.35) ? 'service' : 'personal',
		owner: random.pick(people),
		ownerGone: random.chance(0.1),
	};
}

/** Documentation-range addresses (RFC 5737), so seeded allow-lists never name a real network. */
const documentationRanges = ['192.0.2', '198.51.100', '203.0.113'] as const;

function seededCidrs(random: Random): string[] {
	return Array.from({length: random.int(1, 3)}, () => `${random.pick(documentationRanges)}.${random.int(0, 255)}${random.chance(0.5) ? '/32' : ''}`);
}

function nonEmpty<T>(items: readonly T[]): readonly [T, ...T[]] {
	const [first, ...rest] = items;
	if (first === undefined) {
		throw new Error('unreachable: the list is written out above');
	}

	return [first, ...rest];
}
