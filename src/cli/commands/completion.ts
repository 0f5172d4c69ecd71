import {builtInVendors} from '../../../providers/index.js';
import {severities} from '../../inventory/audit/severity.js';
import {parseCommandLine} from '../arguments.js';
import type {Command} from '../command.js';
import type {ListedCommand} from '../command-list.js';
import {completionScript, shells} from '../completion/scripts.js';
import {exitCodes} from '../exit-codes.js';
import {commandFormats, reportFormats} from '../report-format.js';
import {UsageError} from '../usage-error.js';

const help = `Usage: tokenkit completion bash|zsh|fish

Prints a script that completes tokenkit's commands, flags and the fixed values of --format, --fail-on,
--provider and --vendors, and file names after --config, --output, --html, --secret-out and --refs-from.

  bash   source <(tokenkit completion bash)            (in ~/.bashrc)
  zsh    source <(tokenkit completion zsh)             (in ~/.zshrc, after compinit)
  fish   tokenkit completion fish > ~/.config/fish/completions/tokenkit.fish

Options:
  -h, --help    show this help
`;

/** `tokenkit completion SHELL`, for the given commands (the CLI's own list, this one included). */
export function completionCommand(commands: () => Promise<readonly ListedCommand[]>): Command {
	return {
		name: 'completion',
		help,
		async run(argv, io) {
			const {values, positionals} = parseCommandLine('completion', argv, {help: {type: 'boolean', short: 'h'}}, true);
			if (values.help === true) {
				io.stdout.write(help);
				return exitCodes.ok;
			}

			const [shell, ...extra] = positionals;
			const known = shells.find(candidate => candidate === shell);
			if (known === undefined || extra.length > 0) {
				throw new UsageError(`completion takes one shell: ${shells.join(', ')}${shell === undefined ? '' : `; got "${positionals.join(' ')}"`}`);
			}

			const vendors = builtInVendors.map(vendor => vendor.name);
			io.stdout.write(completionScript(known, {
				commands: await commands(),
				topLevel: ['help', '--help', '--version'],
				values: {'--format': [...reportFormats, ...commandFormats], '--fail-on': severities, '--provider': vendors, '--vendors': vendors},
			}));
			return exitCodes.ok;
		},
	};
}
