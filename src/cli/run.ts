import {isConfigError, isTokenkitError} from '../errors/guards.js';
import {inert, lineLength} from '../text/inert.js';
import {createRedactor, type Redactor} from '../redaction/redactor.js';
import {commandList} from './command-list.js';
import {exitCodes} from './exit-codes.js';
import type {CliIo} from './io.js';
import {outputClosed} from './output-closed.js';
import {UsageError} from './usage-error.js';
import {createVerbose} from './verbose.js';
import {packageVersion} from './version.js';

/** Flags every command takes, wherever they stand on the command line. */
const globalFlags = ['--debug', '--verbose'];

/** `tokenkit --help`; the vendors' names come from the registry, loaded only for this. */
async function usage(): Promise<string> {
	const [{builtInVendors}, {vendorTitles}] = await Promise.all([import('../../providers/index.js'), import('./rotate/strategy-help.js')]);
	return `tokenkit: one inventory of API tokens across ${vendorTitles(builtInVendors)}

Usage:
  tokenkit <command> [options]
  tokenkit <command> --help  (or: tokenkit help <command>)
  tokenkit --help | --version

Commands:
${commandList.map(command => `  ${command.name.padEnd(12)} ${command.summary}`).join('\n')}

Global options:
  --verbose        one line on stderr per request (method, path, status, time, retry and wait; never a
                   header, a body or a key), and the config file used; NODE_DEBUG=http,net,fetch shows Node's own
                   debug output beneath it (not scrubbed by tokenkit)
  --debug          show stack traces of unexpected errors, and Node's runtime warnings
  -h, --help       show this help
  -V, --version    print the version (-v too)

Config file: --config FILE, else $TOKENKIT_CONFIG, else ./tokenkit.yaml, else
$XDG_CONFIG_HOME/tokenkit/config.yaml (~/.config/tokenkit/config.yaml when XDG_CONFIG_HOME is unset).

Exit codes:
  0    done (also when the reader of the output stops early, as \`| head\` does)
  1    an account or an operation failed
  2    bad command line or configuration (nothing was sent)
  3    audit findings at or above --fail-on
  130  interrupted (SIGINT)
  143  stopped by SIGTERM, as cleanly as by SIGINT
`;
}

/**
Runs the `tokenkit` command line and returns the exit code. Output goes only to the given streams, so
tests run it in-process and read everything it printed.
*/
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
	const debug = argv.includes('--debug');
	const rest = argv.filter(argument => !globalFlags.includes(argument));
	const [first, ...commandArguments] = rest;
	// One for the whole run: a key minted for one account is scrubbed from whatever any account prints after it.
	const redactor = createRedactor();

	try {
		if (first === undefined || first === '--help' || first === '-h') {
			io.stdout.write(await usage());
			return exitCodes.ok;
		}

		if (first === '--version' || first === '-V' || first === '-v') {
			io.stdout.write(`${packageVersion()}\n`);
			return exitCodes.ok;
		}

		if (first === 'help') {
			return await helpFor(commandArguments, io);
		}

		const entry = commandList.find(candidate => candidate.name === first);
		if (entry === undefined) {
			throw new UsageError(first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`);
		}

		const command = await entry.load();
		io.commandLoaded?.(entry.sendsRequests);
		const code = await command.run(commandArguments, {...io, redactor, verbose: createVerbose(argv.includes('--verbose'), io.stderr, redactor)});
		// Whatever the command made of it, a run whose reader went away ends quietly, as done (exit-codes.ts).
		return outputClosed(io.signal) ? exitCodes.outputClosed : code;
	} catch (error) {
		return reportFailure(error, io, redactor, debug);
	}
}

/** `tokenkit help [COMMAND]`: the same text as `--help`. */
async function helpFor(argv: readonly string[], io: CliIo): Promise<number> {
	const [name, ...extra] = argv;
	if (name === undefined) {
		io.stdout.write(await usage());
		return exitCodes.ok;
	}

	const entry = commandList.find(candidate => candidate.name === name);
	if (entry === undefined || extra.length > 0) {
		throw new UsageError(entry === undefined ? `help: unknown command "${name}" (commands: ${commandList.map(candidate => candidate.name).join(', ')})` : 'help takes one command');
	}

	io.stdout.write((await entry.load()).help);
	return exitCodes.ok;
}

/** Tells tokenkit's errors by their brand: a vendor module's come from the library it imports, not from this copy. */
function reportFailure(error: unknown, io: CliIo, redactor: Redactor, debug: boolean): number {
	if (error instanceof UsageError || isConfigError(error)) {
		io.stderr.write(`tokenkit: ${inert(redactor.scrub(error.message.replace(/^\[tokenkit\] /, '')), lineLength)}\nRun "tokenkit --help" for usage.\n`);
		return exitCodes.usage;
	}

	if (outputClosed(io.signal)) {
		// Nobody reads on; the error is most likely the closed stream itself.
		return exitCodes.outputClosed;
	}

	if (io.signal.aborted) {
		io.stderr.write('tokenkit: interrupted\n');
		return exitCodes.interrupted;
	}

	if (isTokenkitError(error)) {
		io.stderr.write(`${inert(redactor.scrub(error.message), lineLength)}\n`);
		if (debug && error.stack !== undefined) {
			io.stderr.write(`${inertLines(redactor.scrub(error.stack))}\n`);
		}

		return exitCodes.failure;
	}

	return reportUnexpected(error, io.stderr, debug, redactor);
}

/**
Reports an error that is not tokenkit's own (a bug, or the system failing under it): one line, and its stack
only with --debug, scrubbed by the run's redactor where there is one. Returns the exit code it deserves. Its
message may quote anything, so it is made inert.
*/
export function reportUnexpected(error: unknown, stderr: NodeJS.WritableStream, debug: boolean, redactor: Redactor = createRedactor()): number {
	stderr.write(`tokenkit: unexpected error: ${inert(redactor.scrub(error instanceof Error ? error.message : String(error)), lineLength)}\n`);
	if (debug && error instanceof Error && error.stack !== undefined) {
		stderr.write(`${inertLines(redactor.scrub(error.stack))}\n`);
	}

	return exitCodes.failure;
}

/** A stack trace keeps its lines; each is made inert, since its first line is the message. */
function inertLines(text: string): string {
	return text.split('\n').map(line => inert(line, lineLength)).join('\n');
}
