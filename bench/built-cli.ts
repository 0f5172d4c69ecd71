import {existsSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';

/**
The built `tokenkit` command, as users run it: the bundle dist/cli/tokenkit.js. The benchmark runs compiled
(dist/bench/…) and the test runs it from source (bench/…); both must find the same bundle, which `npm run build`
makes.
*/
export function builtCliPath(): string {
	const candidates = ['../cli/tokenkit.js', '../dist/cli/tokenkit.js'].map(relative => fileURLToPath(new URL(relative, import.meta.url)));
	const found = candidates.find(candidate => existsSync(candidate));
	if (found === undefined) {
		throw new Error(`the built tokenkit command is missing (looked at ${candidates.join(', ')}); run npm run build first`);
	}

	return found;
}

/**
A script of the benchmark (`relative` to bench/, compiled: `baselines/launchdarkly-child.js`) from the same build as
the command (dist/cli/tokenkit.js and dist/bench/), so that the benchmark run from source (the test) and compiled
(`npm run bench`) start the same program in a child process.
*/
export function builtBenchScript(cliPath: string, relative: string): string {
	return fileURLToPath(new URL(`../bench/${relative}`, pathToFileURL(cliPath)));
}
