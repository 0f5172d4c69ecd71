import {dateToMs} from './schema.js';

const day = 86_400_000;

/** Midnight UTC of the day `ms` falls on. */
export function startOfUtcDay(ms: number): number {
	return Math.floor(ms / day) * day;
}

/** `YYYY-MM-DD` of an epoch ms, in UTC: how GitLab writes `expires_at`. */
export function isoDay(ms: number): string {
	return new Date(startOfUtcDay(ms)).toISOString().slice(0, 10);
}

/**
The `expires_at` a rotation sends. GitLab gives a rotated token 7 days when none is sent (or no expiry at all on an
instance that does not require one: docs/vendors/gitlab.md, rotation [D]), so tokenkit always sends one: the old
token's lifetime (its expiry date less its creation day) from today, at least one day, and never past the instance's
cap. A token that never expired gets the cap: a rotation does not make another key that never expires.
*/
export function rotationExpiry(record: {readonly created_at: string; readonly expires_at?: string | null | undefined}, now: number, maxLifetimeDays: number): string {
	const today = startOfUtcDay(now);
	const cap = today + maxLifetimeDays * day;
	const expires = record.expires_at === null || record.expires_at === undefined ? null : dateToMs(record.expires_at);
	if (expires === null) {
		return isoDay(cap);
	}

	const lifetime = Math.max(day, startOfUtcDay(expires) - startOfUtcDay(Date.parse(record.created_at)));
	return isoDay(Math.min(today + lifetime, cap));
}

/** The `expires_at` of a token tokenkit creates: the instance's cap, so it is never made without an expiry. */
export function creationExpiry(now: number, maxLifetimeDays: number): string {
	return isoDay(startOfUtcDay(now) + maxLifetimeDays * day);
}
