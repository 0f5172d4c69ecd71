import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		// Every test talks to real loopback servers; a hung socket must fail the test, not the run.
		testTimeout: 20_000,
		hookTimeout: 20_000,
	},
});
