import type {Command} from '../command.js';

/**
The long flags a command's help lists, in its order. The help text is where every flag is documented, so
completion read from it cannot offer a flag the help does not explain, nor miss one it does.
*/
export function flagsOf(command: Command): string[] {
	const flags = [...command.help.matchAll(/^ {2}(?:-\w, )?(--[a-z][\w-]*)/gm)].map(match => match[1] ?? '');
	return [...new Set(flags)];
}

/** The flags whose value is a file name, so a shell offers files after them. */
export const fileFlags = ['--config', '--output', '--secret-out', '--refs-from', '--write-config', '--html', '--import-journal'] as const;

/** Values a shell can offer after a flag; flags not listed here take free text (a number, a duration, a name). */
export interface FlagValues {
	readonly [flag: string]: readonly string[];
}
