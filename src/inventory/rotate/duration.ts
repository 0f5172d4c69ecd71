import {ConfigError} from '../../errors/index.js';

const unitMs = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const satisfies Record<string, number>;

/**
The longest grace period tokenkit accepts. An old key that stays valid for more than three months has not
really been rotated, so a longer value is taken for a typo (`90d` where `90m` was meant) rather than obeyed.
*/
export const maxGracePeriodMs = 90 * unitMs.d;

/**
Reads a duration such as `30s`, `30m`, `12h`, `7d` or `0` into milliseconds. Strict on purpose: one whole
number and one unit, no spaces, no fractions, no bare numbers other than 0 (is `30` minutes or seconds?), and
at most {@link maxGracePeriodMs}.
*/
export function parseDuration(text: string, what = 'duration'): number {
	if (text === '0') {
		return 0;
	}

	const match = /^(0|[1-9]\d{0,6})([smhd])$/.exec(text);
	if (match === null) {
		throw new ConfigError(`${what} "${JSON.stringify(text).slice(1, -1)}" is not a duration; write a whole number and a unit (s, m, h or d), e.g. 30m, 12h, 7d, or 0 for none`);
	}

	const ms = Number(match[1]) * unitMs[unitOf(match[2])];
	if (ms > maxGracePeriodMs) {
		throw new ConfigError(`${what} "${text}" is longer than ${formatDuration(maxGracePeriodMs)}, the longest an old key may stay valid after a rotation`);
	}

	return ms;
}

/** The shortest exact text for a duration in milliseconds: `12h`, `90m`, `45s`, `0`. Fractions of a second round up. */
export function formatDuration(ms: number): string {
	if (ms <= 0) {
		return '0';
	}

	for (const unit of ['d', 'h', 'm'] as const) {
		if (ms % unitMs[unit] === 0) {
			return `${ms / unitMs[unit]}${unit}`;
		}
	}

	return `${Math.ceil(ms / unitMs.s)}s`;
}

function unitOf(text: string | undefined): keyof typeof unitMs {
	switch (text) {
		case 's':
		case 'm':
		case 'h':
		case 'd': {
			return text;
		}

		default: {
			// Unreachable: the pattern admits only these units.
			throw new ConfigError(`unknown duration unit "${text ?? ''}"`);
		}
	}
}
