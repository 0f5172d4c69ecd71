import type {ListedCommand} from '../command-list.js';
import {fileFlags, flagsOf, type FlagValues} from './flags.js';

/** What a completion script offers: the commands, each one's flags, and the values some flags take. */
export interface CompletionSpec {
	readonly commands: readonly ListedCommand[];
	/** Words that stand where a command does, besides the commands (`help`, `--version`). */
	readonly topLevel: readonly string[];
	readonly values: FlagValues;
}

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

export function completionScript(shell: Shell, spec: CompletionSpec): string {
	switch (shell) {
		case 'bash': {
			return bashScript(spec);
		}

		case 'zsh': {
			return zshScript(spec);
		}

		case 'fish': {
			return fishScript(spec);
		}
	}
}

/** Every word here is tokenkit's own (command and flag names, fixed values): none needs quoting for a shell. */
const words = (list: readonly string[]): string => list.join(' ');

function bashScript({commands, topLevel, values}: CompletionSpec): string {
	const valueCases = Object.entries(values).map(([flag, list]) => `\t\t${flag}) COMPREPLY=($(compgen -W '${words(list)}' -- "$cur")); return ;;`);
	const commandCases = commands.map(command => `\t\t${command.name}) COMPREPLY=($(compgen -W '${words(flagsOf(command))}' -- "$cur")) ;;`);
	return `# tokenkit completion for bash: add to ~/.bashrc
#   source <(tokenkit completion bash)
_tokenkit() {
	local cur prev
	cur="\${COMP_WORDS[COMP_CWORD]}"
	prev="\${COMP_WORDS[COMP_CWORD-1]}"
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W '${words([...commands.map(command => command.name), ...topLevel])}' -- "$cur"))
		return
	fi
	case "$prev" in
${valueCases.join('\n')}
		${fileFlags.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	case "\${COMP_WORDS[1]}" in
${commandCases.join('\n')}
		help) COMPREPLY=($(compgen -W '${words(commands.map(command => command.name))}' -- "$cur")) ;;
	esac
}
complete -o default -F _tokenkit tokenkit
`;
}

function zshScript({commands, topLevel, values}: CompletionSpec): string {
	const described = commands.map(command => `\t\t'${command.name}:${command.summary.replaceAll('\'', '\'\\\'\'').replaceAll(':', '\\:')}'`);
	const valueCases = Object.entries(values).map(([flag, list]) => `\t\t${flag}) compadd -- ${words(list)}; return ;;`);
	const commandCases = commands.map(command => `\t\t${command.name}) compadd -- ${words(flagsOf(command))} ;;`);
	return `#compdef tokenkit
# tokenkit completion for zsh: add to ~/.zshrc (after compinit)
#   source <(tokenkit completion zsh)
_tokenkit() {
	local -a commands
	commands=(
${described.join('\n')}
	)
	if (( CURRENT == 2 )); then
		_describe 'command' commands
		compadd -- ${words(topLevel)}
		return
	fi
	case "\${words[CURRENT-1]}" in
${valueCases.join('\n')}
		${fileFlags.join('|')}) _files; return ;;
	esac
	case "\${words[2]}" in
${commandCases.join('\n')}
		help) compadd -- ${words(commands.map(command => command.name))} ;;
	esac
}
compdef _tokenkit tokenkit
`;
}

function fishScript({commands, topLevel, values}: CompletionSpec): string {
	const names = words(commands.map(command => command.name));
	const lines = [
		'# tokenkit completion for fish: save as ~/.config/fish/completions/tokenkit.fish',
		'#   tokenkit completion fish > ~/.config/fish/completions/tokenkit.fish',
		'complete -c tokenkit -f',
		...commands.map(command => `complete -c tokenkit -n __fish_use_subcommand -a ${command.name} -d '${command.summary.replaceAll('\\', '\\\\').replaceAll('\'', '\\\'')}'`),
		...topLevel.filter(word => !word.startsWith('-')).map(word => `complete -c tokenkit -n __fish_use_subcommand -a ${word}`),
		`complete -c tokenkit -n '__fish_seen_subcommand_from help' -a '${names}'`,
	];
	for (const command of commands) {
		for (const flag of flagsOf(command)) {
			const name = flag.slice(2);
			const takes = values[flag];
			const file = fileFlags.some(candidate => candidate === flag);
			const argument = takes === undefined ? (file ? ' -r -F' : '') : ` -x -a '${words(takes)}'`;
			lines.push(`complete -c tokenkit -n '__fish_seen_subcommand_from ${command.name}' -l ${name}${argument}`);
		}
	}

	return `${lines.join('\n')}\n`;
}
