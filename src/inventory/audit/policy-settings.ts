import type {AuditSettings} from '../../config.js';
import type {PolicyId} from './types.js';

/** What may be changed about a policy for one vendor: whether it applies, and its threshold in days where it has one. */
export interface PolicyOverride {
	/** @default true */
	readonly enabled?: boolean | undefined;
	/** The policy's threshold, for the policies that have one (see {@link policyThresholds}). */
	readonly days?: number | undefined;
}

/** One policy's switch for every vendor, and what differs for some vendors. */
export interface PolicyRule {
	/** @default true */
	readonly enabled?: boolean | undefined;
	/** By vendor name: a vendor's own switch and threshold, which win over the policy's. */
	readonly vendors?: Readonly<Record<string, PolicyOverride>> | undefined;
}

/** The config's `audit.policies`, by policy id: a policy not named applies everywhere with the section's thresholds. */
export type PolicySettings = Readonly<Partial<Record<PolicyId, PolicyRule>>>;

/** The policies with a threshold in days, and the field of {@link AuditSettings} that holds it. */
export const policyThresholds = {
	stale: 'staleAfterDays',
	'too-old': 'maxAgeDays',
	'never-used': 'neverUsedGraceDays',
} as const satisfies Partial<Record<PolicyId, keyof AuditSettings>>;

export type ThresholdPolicy = keyof typeof policyThresholds;

const thresholdPolicies: readonly ThresholdPolicy[] = ['stale', 'too-old', 'never-used'];

export function hasThreshold(policy: string): policy is ThresholdPolicy {
	return Object.hasOwn(policyThresholds, policy);
}

/** Whether `policy` applies to the tokens of `vendor`: the vendor's own switch, else the policy's, else on. */
export function policyEnabled(settings: AuditSettings, policy: PolicyId, vendor: string): boolean {
	const rule = settings.policies?.[policy];
	return rule?.vendors?.[vendor]?.enabled ?? rule?.enabled ?? true;
}

/**
The thresholds for the tokens of one vendor: the section's, with the vendor's own days where a policy gives them
(`policies: {stale: {vendors: {github: {days: 30}}}}`). The same object when nothing differs for the vendor.
*/
export function settingsForVendor(settings: AuditSettings, vendor: string): AuditSettings {
	let resolved = settings;
	for (const policy of thresholdPolicies) {
		const field = policyThresholds[policy];
		const days = settings.policies?.[policy]?.vendors?.[vendor]?.days;
		if (days !== undefined && days !== resolved[field]) {
			resolved = {...resolved, [field]: days};
		}
	}

	return resolved;
}
