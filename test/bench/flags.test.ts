import {describe, expect, it} from 'vitest';
import {defaultConfig} from '../../bench/config.js';
import {parseFlags, usage} from '../../bench/flags.js';
import {vendorNames} from '../../bench/simulator-process.js';

describe('the benchmark\'s flags', () => {
	it('sizes every vendor of the fleet with --fleet-<vendor> AxT, and leaves the others at their defaults', () => {
		for (const vendor of vendorNames) {
			const {fleet} = parseFlags([`--fleet-${vendor}`, '3x40']).config;
			expect(fleet).toEqual({...defaultConfig.fleet, [vendor]: {accounts: 3, tokens: 40}});
			expect(usage).toContain(`--fleet-${vendor} AxT`);
		}
	});

	it('refuses a size with a part left out, rather than reading it as none', () => {
		expect(() => parseFlags(['--fleet-okta', '1x'])).toThrow('--fleet-okta must be a whole number of at least 0; got ""');
		expect(() => parseFlags(['--fleet-cloudflare', 'x50'])).toThrow('--fleet-cloudflare must be a whole number of at least 1; got ""');
		expect(() => parseFlags(['--latency', ''])).toThrow('--latency must be a whole number of at least 0; got ""');
	});
});
