import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/**
The built `tokenkit` command. The benchmark runs compiled (dist/bench/…) and the test runs it from source
(bench/…); both must find the same dist/src/cli/main.js, which `npm run build` makes.
*/
export function builtCliPath(): string {
	const candidates = ['../src/cli/main.js', '../dist/src/cli/main.js'].map(relative => fileURLToPath(new URL(relative, import.meta.url)));
	const found = candidates.find(candidate => existsSync(candidate));
	if (found === undefined) {
		throw new Error(`the built tokenkit command is missing (looked at ${candidates.join(', ')}); run npm run build first`);
	}

	return found;
}
