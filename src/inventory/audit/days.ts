const dayMs = 86_400_000;

/**
Whole days from `from` to `now`, rounded down, never negative (a vendor clock slightly ahead of ours is not a
negative age). Thresholds compare these whole days, so the number in a reason is the number that was tested.
*/
export function daysSince(from: Date, now: Date): number {
	return Math.max(0, Math.floor((now.getTime() - from.getTime()) / dayMs));
}
