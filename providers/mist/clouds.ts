/**
Mist's clouds and the API root of each (docs/vendors/mist.md, base URLs [S]: the spec's `servers`). A token works only
on the cloud where it was made; the cloud shows in the portal's host name: `manage.gc1.mist.com` is
`api.gc1.mist.com`, which is `global02`. Hosts outside this list (staging, the US federal cloud) are reached
through `baseUrl`.
*/
export const mistClouds = {
	global01: 'https://api.mist.com',
	global02: 'https://api.gc1.mist.com',
	global03: 'https://api.ac2.mist.com',
	global04: 'https://api.gc2.mist.com',
	global05: 'https://api.gc4.mist.com',
	emea01: 'https://api.eu.mist.com',
	emea02: 'https://api.gc3.mist.com',
	emea03: 'https://api.ac6.mist.com',
	emea04: 'https://api.gc6.mist.com',
	apac01: 'https://api.ac5.mist.com',
	apac02: 'https://api.gc5.mist.com',
	apac03: 'https://api.gc7.mist.com',
} as const satisfies Readonly<Record<string, string>>;

/** A Mist cloud name, as Mist numbers them: `global01`…`global05`, `emea01`…`emea04`, `apac01`…`apac03`. */
export type MistCloud = keyof typeof mistClouds;

/** The cloud used when neither `cloud` nor `baseUrl` is given: Global 01, `https://api.mist.com`. */
export const mistDefaultCloud = 'global01' satisfies MistCloud;

export function isMistCloud(name: string): name is MistCloud {
	return Object.hasOwn(mistClouds, name);
}
