import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {Metafile} from 'esbuild';
import {cliBundle} from '../../scripts/cli-bundle.js';
import type {Finished} from '../e2e/built-cli.js';
import {runWithLoggingPreload} from './preloaded-run.js';

const register = fileURLToPath(new URL('../../dist/test/fixtures/load-log/register.js', import.meta.url));

/**
Which modules a file Node loaded holds, by the name of the module tsc wrote (`dist/src/cli/run.js`) or of the
package file (`node_modules/yaml/dist/index.js`): a chunk of the bundled command stands for every module esbuild
put code of in it (its build's metafile says which); any other file, and a `node:` module, for itself.
*/
async function modulesOfFile(): Promise<(url: string) => string[]> {
	const {outputs} = JSON.parse(await readFile(join(cliBundle.root, cliBundle.metafile), 'utf8')) as Metafile;
	const bundleRoot = `${pathToFileURL(join(cliBundle.root, cliBundle.directory)).href}/`;
	return url => {
		if (url.startsWith(bundleRoot)) {
			const output = outputs[`${cliBundle.directory}/${url.slice(bundleRoot.length)}`];
			if (output === undefined) {
				throw new Error(`${url} is not a file of the bundle's last build (${cliBundle.metafile})`);
			}

			return Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => moduleName(path));
		}

		return [moduleName(url)];
	};
}

/** A module as tests name it: package files from node_modules/ on, tokenkit's own from dist/ on. */
function moduleName(path: string): string {
	return path.includes('node_modules/') ? path.replace(/^.*node_modules\//, 'node_modules/') : path.replace(/^.*\/dist\//, 'dist/');
}

/**
Runs `script` (the bundled command, or a file of tsc's output) in its own process with a loader hook that logs what
Node loads, and returns what it printed, the modules it loaded and the URLs of the files Node loaded them from.
Checked from the modules, never from a timing.
*/
export async function runLoggingModules(script: string, argv: readonly string[], options: {cwd: string; env?: NodeJS.ProcessEnv}): Promise<{run: Finished; modules: string[]; urls: string[]}> {
	const {run, lines: urls} = await runWithLoggingPreload(register, 'TOKENKIT_LOAD_LOG', [script, ...argv], options);
	const modulesOf = await modulesOfFile();
	return {run, modules: [...new Set(urls.flatMap(url => modulesOf(url)))], urls};
}
