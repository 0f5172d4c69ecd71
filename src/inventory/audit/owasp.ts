/**
A category of the OWASP Top 10 Non-Human Identities Risks, 2025 edition
(https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025).
*/
export interface OwaspCategory {
	/** As OWASP writes it: `NHI1:2025`. */
	readonly id: string;
	readonly title: string;
}

/**
The ten categories with OWASP's own ids and titles. Only some apply to what a token list can show: a list
cannot reveal a leaked key (NHI2) or a key shared between environments (NHI8, NHI9). The rest are here so a
mapping can be checked against the whole list, not a remembered part of it.
*/
export const owaspNhi2025 = {
	improperOffboarding: {id: 'NHI1:2025', title: 'Improper Offboarding'},
	secretLeakage: {id: 'NHI2:2025', title: 'Secret Leakage'},
	vulnerableThirdPartyNhi: {id: 'NHI3:2025', title: 'Vulnerable Third-Party NHI'},
	insecureAuthentication: {id: 'NHI4:2025', title: 'Insecure Authentication'},
	overprivilegedNhi: {id: 'NHI5:2025', title: 'Overprivileged NHI'},
	insecureCloudDeploymentConfigurations: {id: 'NHI6:2025', title: 'Insecure Cloud Deployment Configurations'},
	longLivedSecrets: {id: 'NHI7:2025', title: 'Long-Lived Secrets'},
	environmentIsolation: {id: 'NHI8:2025', title: 'Environment Isolation'},
	nhiReuse: {id: 'NHI9:2025', title: 'NHI Reuse'},
	humanUseOfNhi: {id: 'NHI10:2025', title: 'Human Use of NHI'},
} as const satisfies Record<string, OwaspCategory>;
