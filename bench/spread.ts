import {median} from './scenarios/context.js';

/** The median of repeated measurements, and the lowest and highest, so a reader sees how much they varied. */
export interface Spread {
	readonly median: number;
	readonly min: number;
	readonly max: number;
}

export function spreadOf(values: readonly number[]): Spread {
	if (values.length === 0) {
		throw new Error('no measurements to summarise');
	}

	return {median: median(values), min: Math.min(...values), max: Math.max(...values)};
}
