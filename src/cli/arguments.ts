import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with strict checking, its errors turned into one-line UsageErrors. */
export function parseCommandLine<const T extends Options>(command: string, argv: readonly string[], options: T, allowPositionals = false) {
	try {
		return parseArgs({args: [...argv], options, allowPositionals, strict: true});
	} catch (error) {
		const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
		// Some parseArgs messages span lines ("argument is ambiguous.\nDid you forget …"): the report is one line.
		throw new UsageError(`${command}: ${message.replaceAll(/\s*\n\s*/g, ' ')}`);
	}
}

/** A whole number within [min, max] from a flag, or a UsageError that names the flag. */
export function integerFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	const number = Number(value);
	if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
		throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}; got "${value}"`);
	}

	return number;
}
