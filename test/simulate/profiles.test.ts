import {describe, expect, it} from 'vitest';
import {generateProfiles, seededPerson} from '../../src/simulate/profiles.js';
import {createRandom} from '../../src/simulate/random.js';

const now = Date.UTC(2026, 10, 23);
const day = 86_400_000;

function profiles(seed: number, count: number) {
	const random = createRandom(seed);
	const people = [seededPerson(random, 'example.com'), seededPerson(random, 'example.com')] as const;
	return generateProfiles(random, count, now, people);
}

describe('seeded token profiles', () => {
	it('are the same for the same seed and differ for another', () => {
		expect(profiles(7, 20)).toEqual(profiles(7, 20));
		expect(profiles(8, 20)).not.toEqual(profiles(7, 20));
	});

	it('cover every kind of risk an audit looks for', () => {
		const all = profiles(1, 300);
		const ageDays = (at: number): number => (now - at) / day;
		expect(all.some(profile => ageDays(profile.createdAt) < 30)).toBe(true);
		expect(all.some(profile => ageDays(profile.createdAt) > 730)).toBe(true);
		expect(all.some(profile => profile.lastUsedAt === null)).toBe(true);
		expect(all.some(profile => profile.lastUsedAt !== null && ageDays(profile.lastUsedAt) > 90)).toBe(true);
		expect(all.some(profile => profile.lastUsedAt !== null && ageDays(profile.lastUsedAt) < 7)).toBe(true);
		expect(all.some(profile => profile.admin)).toBe(true);
		expect(all.some(profile => profile.readOnly)).toBe(true);
		expect(all.some(profile => profile.allowedIps.length > 0)).toBe(true);
		expect(all.some(profile => profile.allowedIps.length === 0)).toBe(true);
		expect(all.some(profile => profile.kind === 'service')).toBe(true);
		expect(all.some(profile => profile.kind === 'personal')).toBe(true);
		expect(all.some(profile => profile.expiresAt !== null && profile.expiresAt < now)).toBe(true);
		expect(all.some(profile => profile.expiresAt !== null && profile.expiresAt > now)).toBe(true);
		expect(all.some(profile => profile.expiresAt === null)).toBe(true);
		expect(all.some(profile => profile.ownerGone)).toBe(true);
	});

	it('never put a use before creation or in the future', () => {
		for (const profile of profiles(3, 500)) {
			if (profile.lastUsedAt !== null) {
				expect(profile.lastUsedAt).toBeGreaterThanOrEqual(profile.createdAt);
				expect(profile.lastUsedAt).toBeLessThanOrEqual(now);
			}

			expect(profile.createdAt).toBeLessThan(now);
		}
	});
});

describe('seeded random', () => {
	it('makes version-4 UUIDs', () => {
		const random = createRandom(5);
		for (let index = 0; index < 50; index++) {
			expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		}
	});

	it('forks reproducible streams whose draws do not shift the parent', () => {
		const a = createRandom(9);
		const b = createRandom(9);
		const forkOfA = a.fork('faults');
		b.fork('faults');
		forkOfA.hex(100);
		expect(a.next()).toBe(b.next());
		expect(createRandom(9).fork('x').hex(8)).toBe(createRandom(9).fork('x').hex(8));
		expect(createRandom(9).fork('x').hex(8)).not.toBe(createRandom(9).fork('y').hex(8));
	});

	it('draws the same values for a seed as it always has, so seeded accounts and keys stay the same', () => {
		const random = createRandom(9);

		expect([random.uuid(), random.hex(24), random.alphanumeric(20), random.int(1, 1000), random.fork('x').uuid(), random.next()]).toEqual([
			'3d2dbb4e-2ab9-4f4b-958e-d7d3a50e3871',
			'b3174a48f92858c998a72e9a',
			'io84BtFpn8t4xOq7H6qx',
			346,
			'55dec610-8e3e-46fa-b8a2-43b2478ce380',
			0.322_769_710_794_091_2,
		]);
	});

	it('makes the same profiles for a seed as it always has', () => {
		const [first, second, third] = profiles(4, 3);

		expect([first?.name, first?.description, first?.createdAt, first?.lastUsedAt, first?.readOnly]).toEqual(['migration-tool-1', 'Used by migration tool', 1_702_704_832_177, 1_736_651_271_504, true]);
		expect([second?.kind, second?.ownerGone, second?.expiresAt]).toEqual(['service', true, 1_792_800_000_000]);
		expect([third?.name, third?.description, third?.allowedIps, third?.owner.email]).toEqual(['grafana-exporter-3', '', ['203.0.113.176', '203.0.113.74'], 'hedy.hamilton22@example.com']);
	});
});
