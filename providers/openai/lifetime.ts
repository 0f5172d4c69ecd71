/** The longest lifetime OpenAI gives a key at creation: `expires_in_seconds` is 1 to 31,536,000 (a year) ([S]). */
export const openAIMaxLifetimeSeconds = 31_536_000;

/**
How long a rotation's twin lives, in seconds: as long as the old key was made to live (`expires_at − created_at`),
within OpenAI's bounds; null for a key that never expires, whose twin never expires either. OpenAI cannot copy an
expiry, only take a lifetime at creation ([S]), and of the two ways to choose one ([I]): the time the old key had
left would make the twin die with it, so a key rotated because it is about to expire would get a key about to
expire; its whole lifetime renews it, which is what a rotation is for. A never-expiring key is left so: the audit
reports it (`no-expiry`), and choosing a lifetime for it is its owner's decision.
*/
export function twinLifetime(createdAt: number, expiresAt: number | null | undefined): number | null {
	if (expiresAt === undefined || expiresAt === null) {
		return null;
	}

	return Math.min(openAIMaxLifetimeSeconds, Math.max(1, Math.round(expiresAt - createdAt)));
}
