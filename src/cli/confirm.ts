import {createInterface} from 'node:readline';
import type {CliIo, CommandIo} from './io.js';
import {UsageError} from './usage-error.js';

/**
Commands that change tokens at a vendor ask first. Off a terminal nobody can answer, so they refuse unless
`--yes` says the caller already decided: a script must not hang on a question, nor act without being told.
*/
export function checkCanConfirm(io: CliIo, yes: boolean, what: string): void {
	if (!yes && (io.stdin === undefined || io.stdinIsTTY !== true)) {
		throw new UsageError(`${what}; on a terminal tokenkit asks first, elsewhere pass --yes to go ahead`);
	}
}

/** Asks on stderr and reads one line from stdin: true only for `y` or `yes`. End of input or an interrupt is a no. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
	const {stdin} = io;
	if (stdin === undefined) {
		return false;
	}

	io.stderr.write(`${question} [y/N] `);
	const lines = createInterface({input: stdin, terminal: false, crlfDelay: Number.POSITIVE_INFINITY});
	const stop = (): void => {
		lines.close();
	};

	io.signal.addEventListener('abort', stop, {once: true});
	try {
		for await (const line of lines) {
			return /^\s*y(es)?\s*$/i.test(line);
		}

		return false;
	} finally {
		io.signal.removeEventListener('abort', stop);
		lines.close();
	}
}

/** What a person is shown before being asked: a heading, one line per token, the question, and what a no means. */
export interface Proposal {
	readonly heading: string;
	/** Each on its own line, indented, written as soon as it is read: a slow one does not hold back those before it. */
	readonly items: Iterable<string> | AsyncIterable<string>;
	readonly question: string;
	readonly declined: string;
}

/** Writes `proposal` to `report`, then asks; on a no it writes `declined` there too. True to go ahead. */
export async function proposeAndConfirm(io: CommandIo, report: NodeJS.WritableStream, proposal: Proposal): Promise<boolean> {
	report.write(`${proposal.heading}\n`);
	for await (const item of proposal.items) {
		// An item may quote a vendor's error.
		report.write(`  ${io.redactor.scrub(item)}\n`);
	}

	if (await confirm(io, proposal.question)) {
		return true;
	}

	report.write(`${proposal.declined}\n`);
	return false;
}
