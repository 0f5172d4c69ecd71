import type {VendorDefinition} from '../src/vendor.js';
import {launchDarklyVendor} from './launchdarkly/index.js';
import {mistVendor} from './mist/index.js';
import {opalVendor} from './opal/index.js';

/** The built-in vendors. Adding a vendor is a folder under providers/ and one line here. */
export const builtInVendors: readonly VendorDefinition[] = [mistVendor, opalVendor, launchDarklyVendor];
