import {ConfigError, TokenkitError} from '../errors/index.js';
import {inert, lineLength} from '../text/inert.js';
import {createRedactor, type Redactor} from '../redaction/redactor.js';
import type {Command} from './command.js';
import {auditCommand} from './commands/audit.js';
import {completionCommand} from './commands/completion.js';
import {inventoryCommand} from './commands/inventory.js';
import {revokeCommand} from './commands/revoke.js';
import {rotateCommand} from './commands/rotate.js';
import {simulateCommand} from './commands/simulate.js';
import {builtInVendors} from '../../providers/index.js';
import {exitCodes} from './exit-codes.js';
import {vendorTitles} from './rotate/strategy-help.js';
import type {CliIo} from './io.js';
import {UsageError} from './usage-error.js';
import {packageVersion} from './version.js';

const commands: readonly Command[] = [inventoryCommand, auditCommand, simulateCommand, rotateCommand, revokeCommand, completionCommand(() => commands)];

const usage = `tokenkit: one inventory of API tokens across ${vendorTitles(builtInVendors)}

Usage:
  tokenkit <command> [options]
  tokenkit <command> --help  (or: tokenkit help <command>)
  tokenkit --help | --version

Commands:
${commands.map(command => `  ${command.name.padEnd(12)} ${command.summary}`).join('\n')}

Global options:
  --debug          show stack traces of unexpected errors
  -h, --help       show this help
  -V, --version    print the version (-v too)

Exit codes:
  0    done
  1    an account or an operation failed
  2    bad command line or configuration (nothing was sent)
  3    audit findings at or above --fail-on
  130  interrupted (SIGINT)
  143  stopped by SIGTERM, as cleanly as by SIGINT
`;

/**
Runs the `tokenkit` command line and returns the exit code. Output goes only to the given streams, so
tests run it in-process and read everything it printed.
*/
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
	const debug = argv.includes('--debug');
	const rest = argv.filter(argument => argument !== '--debug');
	const [first, ...commandArguments] = rest;
	// One for the whole run: a key minted for one account is scrubbed from whatever any account prints after it.
	const redactor = createRedactor();

	try {
		if (first === undefined || first === '--help' || first === '-h') {
			io.stdout.write(usage);
			return exitCodes.ok;
		}

		if (first === '--version' || first === '-V' || first === '-v') {
			io.stdout.write(`${packageVersion()}\n`);
			return exitCodes.ok;
		}

		if (first === 'help') {
			return helpFor(commandArguments, io);
		}

		const command = commands.find(candidate => candidate.name === first);
		if (command === undefined) {
			throw new UsageError(first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`);
		}

		return await command.run(commandArguments, {...io, redactor});
	} catch (error) {
		return reportFailure(error, io, redactor, debug);
	}
}

/** `tokenkit help [COMMAND]`: the same text as `--help`. */
function helpFor(argv: readonly string[], io: CliIo): number {
	const [name, ...extra] = argv;
	if (name === undefined) {
		io.stdout.write(usage);
		return exitCodes.ok;
	}

	const command = commands.find(candidate => candidate.name === name);
	if (command === undefined || extra.length > 0) {
		throw new UsageError(command === undefined ? `help: unknown command "${name}" (commands: ${commands.map(candidate => candidate.name).join(', ')})` : 'help takes one command');
	}

	io.stdout.write(command.help);
	return exitCodes.ok;
}

function reportFailure(error: unknown, io: CliIo, redactor: Redactor, debug: boolean): number {
	if (error instanceof UsageError || error instanceof ConfigError) {
		io.stderr.write(`tokenkit: ${inert(redactor.scrub(error.message.replace(/^\[tokenkit\] /, '')), lineLength)}\nRun "tokenkit --help" for usage.\n`);
		return exitCodes.usage;
	}

	if (io.signal.aborted) {
		io.stderr.write('tokenkit: interrupted\n');
		return exitCodes.interrupted;
	}

	if (error instanceof TokenkitError) {
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
