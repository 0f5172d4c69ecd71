import {neverUsedPolicy, stalePolicy} from './policies/dormancy.js';
import {adminPolicy, adminUnknownPolicy, noIpAllowListPolicy} from './policies/privilege.js';
import {ownerGonePolicy} from './policies/ownership.js';
import {expiredPolicy, noExpiryPolicy, tooOldPolicy} from './policies/lifetime.js';
import type {Policy} from './types.js';

/**
Every policy `tokenkit audit` applies, in the order findings of equal severity are listed. Thresholds come from
the config's `audit` section; which fields a policy may judge comes from the vendor's capabilities.
*/
export const auditPolicies: readonly Policy[] = [
	adminPolicy,
	adminUnknownPolicy,
	noIpAllowListPolicy,
	stalePolicy,
	neverUsedPolicy,
	ownerGonePolicy,
	tooOldPolicy,
	noExpiryPolicy,
	expiredPolicy,
];
