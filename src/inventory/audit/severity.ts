/** How much a finding matters, lowest first. `--fail-on` compares against this order. */
export const severities = ['low', 'medium', 'high'] as const;

export type Severity = (typeof severities)[number];

/** Position in {@link severities}: 0 for low, 2 for high. */
export function severityRank(severity: Severity): number {
	return severities.indexOf(severity);
}

/** Whether `severity` is `threshold` or worse: the `--fail-on` test. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
	return severityRank(severity) >= severityRank(threshold);
}

/**
`steps` levels higher, stopping at high. An aggravating fact (full access, most often) raises a finding
rather than adding a second one, so one risk is counted once.
*/
export function raise(severity: Severity, steps: number): Severity {
	return severities[Math.min(severities.length - 1, severityRank(severity) + steps)] ?? 'high';
}

/** The worse of two severities. */
export function worse(a: Severity, b: Severity): Severity {
	return severityRank(a) >= severityRank(b) ? a : b;
}
