/** What every scenario gets from the runner. */
export interface ScenarioContext {
	/** The built `tokenkit` command, run as the simulators' process and, for memory, as the client. */
	readonly cliPath: string;
	/** Fires when the scenario has run for its allotted time: every request and child stops. */
	readonly signal: AbortSignal;
	/** Progress for a person watching; never part of the results. */
	readonly log: (message: string) => void;
}

/** How long the simulators may take to seed: about 50 µs per token on a two-core machine, with room to spare. */
export function startTimeoutFor(totalTokens: number): number {
	return 30_000 + Math.ceil(totalTokens * 0.25);
}

export function microsPerToken(cpuMs: number, tokens: number): number {
	return tokens === 0 ? 0 : (cpuMs * 1000) / tokens;
}

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((left, right) => left - right);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] ?? 0 : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
