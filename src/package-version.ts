import {readFileSync} from 'node:fs';

/** The package version, read from package.json next to the build so it cannot drift from the release. */
export function packageVersion(): string {
	// src (tests), dist/src (the library) and dist/cli/chunks (the bundled command, wherever esbuild put this code)
	// find package.json by walking up.
	for (const relative of ['../package.json', '../../package.json', '../../../package.json']) {
		try {
			const parsed: unknown = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8'));
			if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'tokenkit' && 'version' in parsed && typeof parsed.version === 'string') {
				return parsed.version;
			}
		} catch {
			// Not at this level; try the next one up.
		}
	}

	return '0.0.0';
}
