import {replaceStrategy} from '../../src/rotation/strategy.js';

/** Mist has no rotate call: a twin token is created and the old one deleted (docs/vendors/mist.md, rotation [S]). */
export const mistRotation = replaceStrategy();
