import {formatRef} from '../rotate/ref.js';
import type {Finding, TokenAudit} from './types.js';

/**
A risk someone accepted: findings of `policy` on the tokens `ref` names are reported as accepted, with who
accepted them and why, until the end of `expires` (UTC). From the next day on the finding counts again, and an
`acceptance-expired` finding says the acceptance lapsed.
*/
export interface Acceptance {
	/** A REF (`provider:account:id`) or a pattern of one: `*` stands for any run of characters, `?` for one. */
	readonly ref: string;
	/** A policy id, or a pattern of policy ids (`*` for every policy, `admin*`). */
	readonly policy: string;
	readonly reason: string;
	/** Who answers for the risk: a person or a team, as the config writes it. */
	readonly owner: string;
	/** The last day the acceptance holds, `YYYY-MM-DD` (through the end of that day, UTC). */
	readonly expires: string;
	/** Where the entry is written (`tokenkit.yaml:31`), so a report can point at it. */
	readonly where: string;
}

/** How a finding was accepted, as a report shows it. */
export interface AcceptedRisk {
	readonly reason: string;
	readonly owner: string;
	readonly expires: string;
	readonly where: string;
}

/** The finding an expired acceptance becomes: it says the acceptance lapsed, beside the finding that is back. */
export const acceptanceExpiredRule = {
	id: 'acceptance-expired',
	description: 'an accepted risk whose acceptance has expired: the finding it covered counts again, and this says so',
	severityRule: 'low (the finding that is back keeps its own severity)',
} as const;

const dayMs = 86_400_000;

/** The moment an acceptance stops holding: the start of the day after `expires`, UTC. */
export function acceptanceEnds(acceptance: Pick<Acceptance, 'expires'>): number {
	return Date.parse(`${acceptance.expires}T00:00:00Z`) + dayMs;
}

/** A pattern as a test: `*` any run of characters (`:` included), `?` one character, everything else itself. */
export function globMatcher(pattern: string): (text: string) => boolean {
	if (!/[*?]/.test(pattern)) {
		return text => text === pattern;
	}

	// Every character but the two wildcards stands for itself; `?` is one code point, as the `u` flag reads it.
	const source = pattern.replaceAll(/[\\^$.|+()[\]{}]/g, '\\$&').replaceAll('*', '[\\s\\S]*').replaceAll('?', '[\\s\\S]');
	const expression = new RegExp(`^${source}$`, 'u');
	return text => expression.test(text);
}

/** The acceptances with their patterns made into tests once, for a run over many tokens. */
export interface AcceptanceList {
	/** The live acceptance of a finding, else the expired ones that would have covered it. */
	match(ref: string, policy: string, now: Date): {readonly live: Acceptance | undefined; readonly expired: readonly Acceptance[]};
	readonly size: number;
}

export function acceptanceList(acceptances: readonly Acceptance[]): AcceptanceList {
	const compiled = acceptances.map(acceptance => ({acceptance, ref: globMatcher(acceptance.ref), policy: globMatcher(acceptance.policy), ends: acceptanceEnds(acceptance)}));
	return {
		size: compiled.length,
		match(ref, policy, now) {
			const matching = compiled.filter(entry => entry.ref(ref) && entry.policy(policy));
			const live = matching.find(entry => now.getTime() < entry.ends);
			return {live: live?.acceptance, expired: live === undefined ? matching.map(entry => entry.acceptance) : []};
		},
	};
}

/**
The findings of one token with the acceptances applied: a finding an acceptance covers is marked `accepted` (and
stays in the list, so every report still shows it); a finding only expired acceptances cover stays as it was, and
each of those acceptances adds an `acceptance-expired` finding (low, in the category of the finding it covered).
Worst first, as before. Pure.
*/
export function applyAcceptances(audit: TokenAudit, acceptances: AcceptanceList, now: Date): Finding[] {
	if (acceptances.size === 0 || audit.findings.length === 0) {
		return [...audit.findings];
	}

	const ref = formatRef(audit.token);
	const findings: Finding[] = [];
	const lapsed: Finding[] = [];
	for (const finding of audit.findings) {
		const {live, expired} = acceptances.match(ref, finding.policy, now);
		if (live !== undefined) {
			findings.push({...finding, accepted: {reason: live.reason, owner: live.owner, expires: live.expires, where: live.where}});
			continue;
		}

		findings.push(finding);
		for (const acceptance of expired) {
			lapsed.push({
				policy: acceptanceExpiredRule.id,
				severity: 'low',
				reason: `the acceptance of ${finding.policy} (${acceptance.where}, owner ${acceptance.owner}: ${acceptance.reason}) expired on ${acceptance.expires}; the finding counts again`,
				remedy: 'none',
				advice: 'fix what the finding names, or accept it again with a new expiry date',
				owasp: finding.owasp,
			});
		}
	}

	return [...findings, ...lapsed];
}
