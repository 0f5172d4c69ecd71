import type {VendorDefinition} from '../src/vendor.js';
import {gitHubVendor} from './github/vendor.js';
import {cloudflareVendor} from './cloudflare/vendor.js';
import {datadogVendor} from './datadog/vendor.js';
import {launchDarklyVendor} from './launchdarkly/vendor.js';
import {gitLabVendor} from './gitlab/vendor.js';
import {mistVendor} from './mist/vendor.js';
import {oktaVendor} from './okta/vendor.js';
import {openAIVendor} from './openai/vendor.js';
import {opalVendor} from './opal/vendor.js';

/** The built-in vendors. Adding a vendor is a folder under providers/ and one line here. */
export const builtInVendors: readonly VendorDefinition[] = [mistVendor, opalVendor, launchDarklyVendor, gitLabVendor, gitHubVendor, cloudflareVendor, oktaVendor, datadogVendor, openAIVendor];
