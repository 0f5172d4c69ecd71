import {build, type BuildOptions, type Metafile, type OutputFile} from 'esbuild';
import {fileURLToPath} from 'node:url';

/*
The `tokenkit` command as users run it: tsc's output of src/cli/main.ts (and everything it imports) bundled by
esbuild into dist/cli/. Node's module loader resolves, reads and links each file of a module graph; the command
starts its first request sooner when it loads a few bundled chunks instead of a hundred-odd files and packages.

It is bundled from tsc's output, not from the TypeScript sources: tsc has already checked and compiled that code
once, and the library entry points ship it unbundled, so the command and the library run the same JavaScript,
compiled the same way.

The chunks are split where the code imports dynamically: each command, each built-in vendor (providers/catalog.ts),
the YAML parser and the history stores are chunks of their own, loaded only when a run needs them. One file
holding everything starts slower: Node parses all of it, every vendor included.
*/

/** The repository's root: this file runs from scripts/ (the tests) and from dist/scripts/ (the build). */
const root = fileURLToPath(new URL(new URL('..', import.meta.url).pathname.endsWith('/dist/') ? '../../' : '../', import.meta.url));

export const cliBundle = {
	root,
	/** What the bundle is made from: tsc's output of the command's entry. */
	source: 'dist/src/cli/main.js',
	/** Every file of the bundle, and nothing else, is in here. */
	directory: 'dist/cli',
	/** The file `bin.tokenkit` names. */
	entry: 'dist/cli/tokenkit.js',
	/**
	Which module went into which chunk (esbuild's metafile), kept beside the bundle rather than in it, so it is not
	published. Tests read it to tell which of tokenkit's modules and packages a run loaded.
	*/
	metafile: 'dist/cli.meta.json',
} as const;

/**
Packages left for Node to load from node_modules: loaded only for a history on PostgreSQL (pg) or behind a proxy
(undici), they would make the package larger and no common run faster. The other runtime dependencies are bundled
(ky, valibot, p-retry, yaml, universal-github-app-jwt): only the parts tokenkit uses are kept (a fraction of
valibot), and the loader no longer resolves each package's files and reads its package.json. Measured, the first
request of a one-account LaunchDarkly inventory went out about 10 ms sooner than with them all left out, and with a
YAML config about 30 ms sooner than with yaml left out.
*/
const external = ['pg', 'undici'];

/**
Put before every file of the bundle. yaml's build for Node is CommonJS, and requires Node's `process` and `buffer`;
esbuild keeps such a `require` as a call to whatever `require` is in scope, and an ES module has none ('Dynamic
require of "process" is not supported', with a YAML config). This gives each file Node's own, as CommonJS has.
*/
const commonJsRequire = "import {createRequire as createCommonJsRequire} from 'node:module'; const require = createCommonJsRequire(import.meta.url);";

/** Builds the bundle; with `write: false` the files stay in memory (`outputFiles`) and nothing on disk changes. */
export async function buildCliBundle(options: {write: boolean}): Promise<{metafile: Metafile; outputFiles: readonly OutputFile[]}> {
	const settings = {
		absWorkingDir: root,
		entryPoints: {tokenkit: cliBundle.source},
		outdir: cliBundle.directory,
		// The entry keeps its name; the chunks, named by esbuild, go out of the way.
		entryNames: '[name]',
		chunkNames: 'chunks/[name]-[hash]',
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node22',
		external,
		banner: {js: commonJsRequire},
		// esbuild renames a class or function whose name another module uses too (ky has a NetworkError, as tokenkit
		// does); kept names keep what reads them right: the brand of tokenkit's errors (errors/tokenkit-error.ts, from
		// each class's name) and the stack traces --debug prints.
		keepNames: true,
		metafile: true,
		write: options.write,
		logLevel: 'warning',
	} satisfies BuildOptions;
	const {metafile, outputFiles} = await build(settings);
	return {metafile, outputFiles: outputFiles ?? []};
}
