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
import {checkStdinAnswer, providerOf, refCommandOptions, refTargets} from '../ref-accounts.js';
import {gatherRefs} from '../ref-list.js';
import {label} from '../rotate/labels.js';
import type {KeyEvent} from '../../history/key-events.js';
import {recordInHistory} from '../history/record-key-events.js';

const help = `Usage: tokenkit revoke REF... [options]
       tokenkit audit --format ndjson | jq -r 'select(.severity == "high") | .ref' | tokenkit revoke - --yes

Deletes tokens at their vendors, so their keys stop working. REF is provider:account:id, as the REF column of
tokenkit inventory and audit shows it; "-" reads REFs from stdin, one per line. It finishes a rotation made
with --grace: tokenkit rotate prints the exact command. A token that is already gone (the vendor has no such id,
and its list confirms it) counts as revoked.

The key tokenkit itself authenticates with for an account (marked * in inventory and audit) is refused unless
--include-own-credential is given, and then revoked last: once it is gone, tokenkit cannot reach that account.

Options:
  --config FILE               config file (default: $TOKENKIT_CONFIG, ./tokenkit.yaml,
                              ~/.config/tokenkit/config.yaml)
  --refs-from FILE            read REFs from FILE (or - for stdin), one per line; blank lines and # comments
                              are skipped, and a REF listed more than once is revoked once
  --include-own-credential    also revoke the key tokenkit authenticates with (last)
  --yes                       do not ask; required when stdin is not a terminal or holds the REFs
  -h, --help                  show this help

On a terminal it lists the tokens and asks before deleting anything. Where tokenkit keeps a history, each
revocation is recorded there, so tokenkit diff and tokenkit history --token say that tokenkit removed the token.

Exit codes: 0 every REF revoked (or already gone); 1 a REF failed (refused, not confirmed gone, or the answer
was lost) or the question was declined; 2 bad command line, config or REF, or no terminal and no --yes
(nothing was sent); 130 interrupted.
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
		const gathered = await gatherRefs(positionals, values['refs-from'], io);
		checkStdinAnswer(gathered.fromStdin, yes);
		const {refs, providers, config} = await refTargets('revoke', gathered.texts, values.config, io);
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
		const events: KeyEvent[] = [];
		await revokeTokens(refs, providers, {
			signal: io.signal,
			includeOwnCredential: values['include-own-credential'] === true,
			onOutcome(outcome) {
				const done = outcome.status === 'revoked' || outcome.status === 'already-revoked';
				counts[done ? 'revoked' : 'failed']++;
				if (outcome.status === 'revoked') {
					events.push({action: 'revoked', at: new Date().toISOString(), provider: outcome.ref.provider, account: outcome.ref.account, tokenId: outcome.ref.id, newTokenId: null, oldKey: null, oldKeyUntil: null, source: 'revoke'});
				}

				io.stdout.write(`${done ? 'revoked' : 'FAILED '} ${formatRef(outcome.ref)}: ${io.redactor.scrub(describeRevoke(outcome))}\n`);
			},
		});
		io.stdout.write(`${counts.revoked} revoked, ${counts.failed} failed.\n`);
		await recordInHistory(config, events, io, 'the tokens are revoked all the same');
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
		if (token === undefined) {
			return formatRef(ref);
		}

		return token.ownCredential ? `${label(ref, token.name)}: the key tokenkit authenticates with for ${ref.account}` : label(ref, token.name);
	} catch (error) {
		return `${formatRef(ref)} (cannot be read: ${inert(error instanceof Error ? error.message : String(error), lineLength)})`;
	}
}
