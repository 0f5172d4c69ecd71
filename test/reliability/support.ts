import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import * as v from 'valibot';
import {afterEach, expect} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators, StartSimulatorsOptions} from '../../src/simulate/start.js';

const running: RunningSimulators[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map(async simulators => simulators.close()));
});

/** Simulators that the current test owns; closed after it. */
export async function simulators(options: StartSimulatorsOptions): Promise<RunningSimulators> {
	const started = await startSimulators(options);
	running.push(started);
	return started;
}

export type ConfigEntry = Record<string, string | number | boolean>;

/**
A config file in a new directory with the given accounts, their keys passed through the environment as a
user would (`${KEY_n}`), so the keys never sit in the file.
*/
export async function writeConfig(entries: readonly ConfigEntry[]): Promise<{directory: string; env: NodeJS.ProcessEnv}> {
	const env: NodeJS.ProcessEnv = {};
	const accounts = entries.map((entry, index) => {
		const variable = `KEY_${index}`;
		env[variable] = String(entry.apiKey);
		return {...entry, apiKey: `\${${variable}}`};
	});
	const directory = await mkdtemp(join(tmpdir(), 'tokenkit-reliability-'));
	await writeFile(join(directory, 'tokenkit.yaml'), JSON.stringify({accounts}, null, 2));
	return {directory, env};
}

/** The config entries of every running vendor, optionally pointed at another origin (a proxy in front). */
export function entriesOf(running: RunningSimulators, origin?: string): ConfigEntry[] {
	return running.vendors.flatMap(vendor => vendor.configEntries().map(entry => {
		const baseUrl = entry.baseUrl ?? '';
		return origin === undefined ? {...entry} : {...entry, baseUrl: `${origin}${new URL(baseUrl).pathname.replace(/\/$/, '')}`};
	}));
}

const TrafficSchema = v.object({requests: v.number(), retries: v.number(), rateLimited: v.number(), retryWaitMs: v.number(), paceWaitMs: v.number()});
export const InventoryReportSchema = v.object({
	tokens: v.array(v.looseObject({provider: v.string(), account: v.string(), id: v.string(), name: v.string()})),
	accounts: v.array(v.object({
		provider: v.string(),
		account: v.string(),
		tokens: v.number(),
		complete: v.boolean(),
		error: v.nullable(v.object({name: v.string(), message: v.string(), status: v.nullable(v.number())})),
		traffic: TrafficSchema,
	})),
});
export type InventoryReport = v.InferOutput<typeof InventoryReportSchema>;

export function parseReport(text: string): InventoryReport {
	return v.parse(InventoryReportSchema, JSON.parse(text));
}

/** `vendor/account/id` of every token in a report, sorted; fails the test on a duplicate. */
export function tokenKeys(report: InventoryReport): string[] {
	const keys = report.tokens.map(token => `${token.provider}/${token.account}/${token.id}`);
	expect(new Set(keys).size, 'a token was listed twice').toBe(keys.length);
	return keys.sort();
}
