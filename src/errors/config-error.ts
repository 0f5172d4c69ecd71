import {TokenkitError} from './tokenkit-error.js';

/** Options or configuration that cannot work: reported at construction, before any request is sent. */
export class ConfigError extends TokenkitError {
	override name = 'ConfigError' as const;
}
