import type {VendorDefinition} from '../src/vendor.js';

/**
The built-in vendors by name, each definition loaded only when a run needs it. A vendor's definition brings its
whole adapter (schemas, mapping, rotation, and for GitHub a JWT library): a command that lists one vendor's
accounts loads that vendor's code alone, and starts its first request sooner. Same names, same order as
`builtInVendors` (providers/index.ts), which loads them all.
*/
const loaders = {
	mist: async () => (await import('./mist/vendor.js')).mistVendor,
	opal: async () => (await import('./opal/vendor.js')).opalVendor,
	launchdarkly: async () => (await import('./launchdarkly/vendor.js')).launchDarklyVendor,
	gitlab: async () => (await import('./gitlab/vendor.js')).gitLabVendor,
	github: async () => (await import('./github/vendor.js')).gitHubVendor,
	cloudflare: async () => (await import('./cloudflare/vendor.js')).cloudflareVendor,
	okta: async () => (await import('./okta/vendor.js')).oktaVendor,
	datadog: async () => (await import('./datadog/vendor.js')).datadogVendor,
	openai: async () => (await import('./openai/vendor.js')).openAIVendor,
} as const satisfies Record<string, () => Promise<VendorDefinition>>;

type BuiltInVendorName = keyof typeof loaders;

/** The names of the built-in vendors, as configs and `--provider` write them. */
export const builtInVendorNames: readonly BuiltInVendorName[] = ['mist', 'opal', 'launchdarkly', 'gitlab', 'github', 'cloudflare', 'okta', 'datadog', 'openai'];

/** The definitions of the built-in vendors among `names` (others are ignored), in the registry's order. */
export async function loadBuiltInVendors(names: Iterable<string>): Promise<VendorDefinition[]> {
	const wanted = new Set(names);
	return Promise.all(builtInVendorNames.filter(name => wanted.has(name)).map(async name => loaders[name]()));
}
