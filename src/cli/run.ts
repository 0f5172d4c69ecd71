import {parseArgs} from 'node:util';
import {exitCodes} from './exit-codes.js';
import type {CliIo} from './io.js';
import {packageVersion} from './version.js';

const usage = `tokenkit: one inventory of API tokens across Juniper Mist, Opal and LaunchDarkly

Usage:
  tokenkit <command> [options]
  tokenkit --help | --version

Options:
  -h, --help       show this help
  -v, --version    print the version

Exit codes:
  0    done
  1    a vendor or network failure
  2    bad command line or configuration (nothing was sent)
  130  interrupted
`;

/**
Runs the `tokenkit` command line and returns the exit code. Output goes only to the given streams, so
tests run it in-process and read everything it printed.
*/
export function run(argv: readonly string[], io: CliIo): Promise<number> {
	return Promise.resolve(runSync(argv, io));
}

function runSync(argv: readonly string[], io: CliIo): number {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			options: {
				help: {type: 'boolean', short: 'h'},
				version: {type: 'boolean', short: 'v'},
			},
			allowPositionals: true,
			strict: true,
		});
	} catch (error) {
		io.stderr.write(`tokenkit: ${error instanceof Error ? error.message : String(error)}\nRun "tokenkit --help" for usage.\n`);
		return exitCodes.usage;
	}

	if (parsed.values.version === true) {
		io.stdout.write(`${packageVersion()}\n`);
		return exitCodes.ok;
	}

	const [command] = parsed.positionals;
	if (parsed.values.help === true || command === undefined) {
		io.stdout.write(usage);
		return exitCodes.ok;
	}

	io.stderr.write(`tokenkit: unknown command "${command}"\nRun "tokenkit --help" for usage.\n`);
	return exitCodes.usage;
}
