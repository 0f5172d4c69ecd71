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
});
