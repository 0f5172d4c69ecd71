import {ConfigError} from '../errors/index.js';
import type {Random} from './random.js';

/**
The faults a simulator can inject, each with a per-request probability.
- `429`, `500`, `503`: a vendor-shaped error instead of the answer; the request is not applied.
- `reset`: the connection is destroyed before the request is applied.
- `lost`: the request is applied, then the connection is destroyed before the answer (the response is lost).
- `truncate`: the request is applied and its body cut short (Content-Length promises more than is sent).
- `malformed`: the request is applied and answered 200 with a body that is not valid JSON.
- `slow`: the request is applied and its body trickles out over `slowBodyMs`.
*/
export const faultKinds = ['429', '500', '503', 'reset', 'lost', 'truncate', 'malformed', 'slow'] as const;

export type FaultKind = (typeof faultKinds)[number];

export type FaultProbabilities = Readonly<Partial<Record<FaultKind, number>>>;

/**
Parses `429=0.1,500=0.05,reset=0.02` (any subset of the fault kinds). Unknown kinds, probabilities outside
[0, 1] and a sum above 1 are ConfigErrors that name the offending part.
*/
export function parseFaultSpec(spec: string): FaultProbabilities {
	const result: Partial<Record<FaultKind, number>> = {};
	for (const part of spec.split(',').map(piece => piece.trim()).filter(piece => piece !== '')) {
		const [kind, value, ...extra] = part.split('=');
		if (kind === undefined || value === undefined || extra.length > 0) {
			throw new ConfigError(`fault "${part}" must look like kind=probability, e.g. 429=0.1`);
		}

		if (!isFaultKind(kind)) {
			throw new ConfigError(`unknown fault "${kind}"; known faults: ${faultKinds.join(', ')}`);
		}

		const probability = Number(value);
		if (value.trim() === '' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
			throw new ConfigError(`fault ${kind} needs a probability between 0 and 1; got "${value}"`);
		}

		result[kind] = probability;
	}

	checkFaults(result);
	return result;
}

/** Rejects probabilities that cannot be honoured. */
export function checkFaults(faults: FaultProbabilities): void {
	let sum = 0;
	for (const kind of faultKinds) {
		const probability = faults[kind] ?? 0;
		if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
			throw new ConfigError(`fault ${kind} needs a probability between 0 and 1; got ${probability}`);
		}

		sum += probability;
	}

	if (sum > 1 + 1e-9) {
		throw new ConfigError(`fault probabilities add up to ${sum.toFixed(3)}, more than 1`);
	}
}

/** Draws at most one fault for a request: one uniform draw against the cumulative probabilities. */
export function drawFault(faults: FaultProbabilities, random: Random): FaultKind | null {
	const draw = random.next();
	let cumulative = 0;
	for (const kind of faultKinds) {
		cumulative += faults[kind] ?? 0;
		if (draw < cumulative) {
			return kind;
		}
	}

	return null;
}

function isFaultKind(value: string): value is FaultKind {
	return (faultKinds as readonly string[]).includes(value);
}
