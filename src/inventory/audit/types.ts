import type {AuditSettings} from '../../config.js';
import type {Capabilities} from '../../provider.js';
import type {Token} from '../../token.js';
import type {AcceptedRisk} from './acceptance.js';
import type {OwaspCategory} from './owasp.js';
import type {Severity} from './severity.js';

/** The policies `tokenkit audit` applies; see `auditPolicies` for what each checks. */
export type PolicyId = 'stale' | 'never-used' | 'too-old' | 'no-expiry' | 'expired' | 'admin' | 'admin-unknown' | 'no-ip-allow-list' | 'owner-gone';

/**
What a finding is about: a policy, or `acceptance-expired`, the finding an accepted risk adds once its acceptance
has lapsed (see acceptance.ts).
*/
export type FindingRuleId = PolicyId | 'acceptance-expired';

/**
What tokenkit itself can do about a finding, for this vendor.
- `rotate`: `tokenkit rotate` mints a new key (the vendor's API can).
- `revoke`: `tokenkit revoke` deletes the token.
- `none`: the fix is outside tokenkit (the vendor's UI, or a change tokenkit does not make); `advice` says what.
*/
export type Remedy = 'rotate' | 'revoke' | 'none';

/** One risk on one token. */
export interface Finding {
	readonly policy: FindingRuleId;
	readonly severity: Severity;
	/** One line with the numbers: `unused for 214 days (threshold 90)`. */
	readonly reason: string;
	readonly remedy: Remedy;
	/** One line saying what to do, also when the remedy is `none`. */
	readonly advice: string;
	readonly owasp: OwaspCategory;
	/**
	Set when the config's `audit.accepted` covers this finding: it is still reported, marked accepted, and counts
	neither in the severity totals nor for `--fail-on`.
	*/
	readonly accepted?: AcceptedRisk | undefined;
}

/** A token and what the audit found on it (nothing, often). */
export interface TokenAudit {
	readonly token: Token;
	/** Worst first. */
	readonly findings: readonly Finding[];
}

/**
The fix a policy asks for, before the vendor's abilities are considered (see remedy.ts):
- `rotate`: a new key for the same purpose; `revoke`: delete it;
- `narrow`: fewer privileges; `restrict`: an IP allow-list; `expire`: an expiry date. The last three mean a
  replacement token on every vendor tokenkit knows, made by whoever knows what the token is for.
- `review`: a person looks at what the token may do, which tokenkit could not read.
*/
export type Fix = 'rotate' | 'revoke' | 'narrow' | 'restrict' | 'expire' | 'review';

/** What a policy says about one token that it applies to. */
export interface Verdict {
	readonly severity: Severity;
	readonly reason: string;
	readonly fix: Fix;
}

/** Everything a policy may look at, with the token's ages worked out once. */
export interface PolicyInput {
	readonly token: Token;
	/** What the token's vendor knows: a policy about a field applies only where the vendor fills it. */
	readonly capabilities: Capabilities;
	readonly settings: AuditSettings;
	readonly now: Date;
	/** Whole days since creation; null when the vendor does not say. */
	readonly ageDays: number | null;
	/**
	When tokenkit last gave the token a new key under the same id (a reset or roll the vendor does not date, known
	from the history store); null when tokenkit knows of none. Absent is the same as null.
	*/
	readonly keyRenewedAt?: Date | null | undefined;
	/** Whole days since last use; null when never used or not tracked. */
	readonly idleDays: number | null;
}

/** One policy: plain data about it, and a pure check that returns a verdict or null when it does not apply. */
export interface Policy {
	readonly id: PolicyId;
	/** What it checks, in words, for `--help` and the README. */
	readonly description: string;
	/** How its severity is decided, in words. */
	readonly severityRule: string;
	readonly owasp: OwaspCategory;
	/** Whether it applies to a token past its expiry. Such a key no longer authenticates, so most risks of a live key do not. */
	readonly whenExpired: boolean;
	check(input: PolicyInput): Verdict | null;
}
