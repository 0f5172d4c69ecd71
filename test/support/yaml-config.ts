import {mkdir, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {stringify} from 'yaml';
import {builtInVendors} from '../../providers/index.js';
import type {TokenProvider} from '../../src/provider.js';
import type {RunningSimulators} from '../../src/simulate/start.js';

export interface WrittenConfig {
	readonly path: string;
	readonly text: string;
	/** The keys, passed through the environment as a user would (`${KEY_n}`), so the file holds none. */
	readonly env: NodeJS.ProcessEnv;
	/** The line an account's entry starts on (its `- name:` line). */
	lineOf(account: string): number;
}

/**
A YAML config at `path` (directories made) with every account of the simulators, each entry starting with its
name, and `rest` as further top-level sections (`audit:`).
*/
export async function writeYamlConfig(path: string, simulators: RunningSimulators, rest: Readonly<Record<string, unknown>> = {}): Promise<WrittenConfig> {
	const env: NodeJS.ProcessEnv = {};
	const accounts = simulators.vendors.flatMap(vendor => vendor.configEntries()).map((entry, index) => {
		const {name = '', provider = '', apiKey = '', ...fields} = entry;
		env[`KEY_${index}`] = apiKey;
		return {name, provider, ...fields, apiKey: `\${KEY_${index}}`};
	});
	const text = stringify({accounts, ...rest});
	await mkdir(dirname(path), {recursive: true});
	await writeFile(path, text);
	const lines = text.split('\n');
	return {
		path,
		text,
		env,
		lineOf(account) {
			const index = lines.findIndex(line => line === `  - name: ${account}`);
			if (index === -1) {
				throw new Error(`no entry for ${account} in ${join(path)}`);
			}

			return index + 1;
		},
	};
}

/** A provider for the first account of a running vendor simulator, built as the config would build it. */
export function providerOfFirstAccount(simulators: RunningSimulators, vendorName: string): TokenProvider {
	const [entry] = simulators.get(vendorName).configEntries();
	const {name = '', provider = '', apiKey = '', baseUrl, ...options} = entry ?? {};
	const vendor = builtInVendors.find(candidate => candidate.name === vendorName);
	if (vendor === undefined) {
		throw new Error(`no vendor ${vendorName}`);
	}

	return vendor.createProvider({name, provider, apiKey, baseUrl, options, where: 'test'}, {});
}
