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

	it('sizes the CPU scenario\'s accounts for every vendor at once, or vendor by vendor', () => {
		const every = parseFlags(['--cpu-tokens', '3000']).config.cpu.tokens;
		expect(vendorNames.map(vendor => every[vendor])).toEqual(vendorNames.map(() => 3000));
		expect(parseFlags(['--cpu-tokens', 'github=300,okta=1_000']).config.cpu.tokens).toEqual({...defaultConfig.cpu.tokens, github: 300, okta: 1000});
		expect(parseFlags(['--cpu-tokens', '500,mist=40']).config.cpu.tokens).toEqual({...Object.fromEntries(vendorNames.map(vendor => [vendor, 500])), mist: 40});
		expect(() => parseFlags(['--cpu-tokens', 'gitlub=5'])).toThrow('--cpu-tokens: "gitlub=5" is neither N nor VENDOR=N');
		expect(() => parseFlags(['--cpu-tokens', 'okta='])).toThrow('--cpu-tokens must be a whole number of at least 1; got ""');
	});

	it('runs the memory scenario without heap caps and twice each way by default', () => {
		expect(parseFlags([]).config.memory).toMatchObject({heapCapsMb: [], repeats: 2});
		expect(parseFlags(['--memory-heap-cap', '96', '--memory-repeats', '3']).config.memory).toMatchObject({heapCapsMb: [96], repeats: 3});
	});

	it('refuses a size with a part left out, rather than reading it as none', () => {
		expect(() => parseFlags(['--fleet-okta', '1x'])).toThrow('--fleet-okta must be a whole number of at least 0; got ""');
		expect(() => parseFlags(['--fleet-cloudflare', 'x50'])).toThrow('--fleet-cloudflare must be a whole number of at least 1; got ""');
		expect(() => parseFlags(['--latency', ''])).toThrow('--latency must be a whole number of at least 0; got ""');
	});

	it('sets LaunchDarkly\'s latency and rounds apart from the fleet\'s latency, and the start-up runs', () => {
		const {config} = parseFlags(['--latency', '5', '--ld-latency', '250', '--ld-rounds', '2', '--ld-tokens', '1_000', '--startup-runs', '7']);
		expect(config.latency).toBe(5);
		expect(config.launchdarkly).toEqual({tokens: 1000, latency: 250, rounds: 2});
		expect(config.startup).toEqual({runs: 7});
		expect(parseFlags(['--latency', '5']).config.launchdarkly.latency).toBe(defaultConfig.launchdarkly.latency);
		expect(parseFlags(['--smallest']).config.startup.runs).toBe(3);
		expect(() => parseFlags(['--ld-rounds', '0'])).toThrow('--ld-rounds must be a whole number of at least 1; got "0"');
		expect(usage).toContain('--ld-latency MS');
		expect(usage).toContain('--startup-runs N');
	});
});
