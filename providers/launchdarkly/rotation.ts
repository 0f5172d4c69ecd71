import {resetStrategy} from '../../src/rotation/strategy.js';

/** LaunchDarkly resets a token's key in place, keeping the old one until an `expiry` (docs/vendors/launchdarkly.md, rotation [S]). */
export const launchDarklyRotation = resetStrategy();
