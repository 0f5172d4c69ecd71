import {describe, expect, it} from 'vitest';
import {builtInVendorNames, loadBuiltInVendors} from '../../providers/catalog.js';
import {builtInVendors} from '../../providers/index.js';

describe('the catalog of built-in vendors', () => {
	it('names every vendor of the registry, in its order', () => {
		expect(builtInVendorNames).toEqual(builtInVendors.map(vendor => vendor.name));
	});

	it('loads the very definitions the registry holds, only those asked for, in the registry\'s order', async () => {
		const loaded = await loadBuiltInVendors(['openai', 'launchdarkly', 'no-such-vendor', 'launchdarkly']);
		expect(loaded.map(vendor => vendor.name)).toEqual(['launchdarkly', 'openai']);
		expect(loaded.every(vendor => builtInVendors.includes(vendor))).toBe(true);
		expect(await loadBuiltInVendors(builtInVendorNames)).toEqual(builtInVendors);
	});
});
