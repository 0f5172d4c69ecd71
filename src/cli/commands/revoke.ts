import {describeRevoke} from '../../inventory/rotate/describe.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import {revokeTokens} from '../../inventory/rotate/revoke.js';
import type {TokenProvider} from '../../provider.js';
import {inert, lineLength} from '../../text/inert.js';
import {parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import {checkCanConfirm, proposeAndConfirm} from '../confirm.js';
import {exitCodes} from '../exit-codes.js';
import type {CliIo} from '../io.js';
import {providerOf, refCommandOptions, refTargets} from '../ref-accounts.js';
import {label} from '../rotate/labels.js';

const help = `Usage: tokenkit revoke REF... [options]

Deletes tokens at their vendors, so their keys stop working. REF is provider:account:id (ids as tokenkit
inventory shows them). It finishes a rotation made with --grace: tokenkit rotate prints the exact command.

Options:
  --config FILE        config file (default: $TOKENKIT_CONFIG, ./tokenkit.yaml, ~/.config/tokenkit/config.yaml)
  --yes                do not ask; required when stdin is not a terminal
  -h, --help           show this help

On a terminal it lists the tokens and asks before deleting anything.

Exit codes: 0 every REF revoked; 1 a REF failed (not found, refused, or the answer was lost) or the
question was declined; 2 bad command line, config or REF, or no terminal and no --yes (nothing was sent);
130 interrupted.
`;

export const revokeCommand: Command = {
	name: 'revoke',
	help,
	async run(argv, io) {
		const {values, positionals} = parseCommandLine('revoke', argv, refCommandOptions, true);
		if (values.help === true) {
			io.stdout.write(help);
			return exitCodes.ok;
		}

		const yes = values.yes === true;
		const {refs, providers} = await refTargets('revoke', positionals, values.config, io);
		checkCanConfirm(io, yes, 'revoke deletes tokens and cannot be undone');
		if (!yes && !(await proposeAndConfirm(io, io.stderr, {
			heading: `About to revoke ${refs.length} token${refs.length === 1 ? '' : 's'}; their keys will stop working:`,
			items: describeTargets(refs, providers, io),
			question: 'Revoke them?',
			declined: 'Not confirmed: nothing was revoked.',
		}))) {
			return exitCodes.failure;
		}

		const counts = {revoked: 0, failed: 0};
		await revokeTokens(refs, providers, {
			signal: io.signal,
			onOutcome(outcome) {
				counts[outcome.status === 'revoked' ? 'revoked' : 'failed']++;
				io.stdout.write(`${outcome.status === 'revoked' ? 'revoked' : 'FAILED '} ${formatRef(outcome.ref)}: ${io.redactor.scrub(describeRevoke(outcome))}\n`);
			},
		});
		io.stdout.write(`${counts.revoked} revoked, ${counts.failed} failed.\n`);
		if (io.signal.aborted) {
			return exitCodes.interrupted;
		}

		return counts.failed > 0 ? exitCodes.failure : exitCodes.ok;
	},
};

/** Each REF described in turn, so the list shows as it is read. */
async function* describeTargets(refs: readonly TokenRef[], providers: readonly TokenProvider[], io: CliIo): AsyncGenerator<string, void, undefined> {
	for (const ref of refs) {
		yield await describeTarget(ref, providers, io);
	}
}

/** The REF with the token's name (inert), read for the person deciding; a token that cannot be read says why. */
async function describeTarget(ref: TokenRef, providers: readonly TokenProvider[], io: CliIo): Promise<string> {
	try {
		const token = await providerOf(ref, providers)?.get(ref.id, {signal: io.signal});
		return token === undefined ? formatRef(ref) : label(ref, token.name);
	} catch (error) {
		return `${formatRef(ref)} (cannot be read: ${inert(error instanceof Error ? error.message : String(error), lineLength)})`;
	}
}
