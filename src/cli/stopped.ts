import {exitCodes} from './exit-codes.js';
import type {CliIo} from './io.js';
import {outputClosed} from './output-closed.js';

/**
How a listing that was stopped before the end finishes. After an interrupt it says so on stderr, with how far it
got; the report (written as far as it went) marks every list it did not finish incomplete. After the reader of its
output went away it says nothing: nobody is reading, and no account failed. Returns the exit code.
*/
export function reportStopped(io: CliIo, progress: string): number {
	if (outputClosed(io.signal)) {
		return exitCodes.outputClosed;
	}

	io.stderr.write(`tokenkit: interrupted (${progress}); the lists not finished are marked incomplete\n`);
	return exitCodes.interrupted;
}
