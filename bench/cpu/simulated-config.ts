import {readFile, writeFile} from 'node:fs/promises';
import * as v from 'valibot';
import {fleetVendors} from '../fleet-vendors.js';
import {vendorNames, type VendorName} from '../simulator-process.js';

/** The part of a config `tokenkit simulate --write-config` writes that the benchmark reads; every other field is kept as it is. */
const WrittenConfigSchema = v.object({
	accounts: v.array(v.looseObject({name: v.string(), provider: v.picklist(vendorNames)})),
});

export interface ConfigAccount {
	readonly name: string;
	readonly vendor: VendorName;
}

/**
Joins the configs that each vendor's `tokenkit simulate --write-config` wrote into one file at `target`, in the same
directory, so that the key files they point at (`apiKeyFile`, relative to the config) are still found. Each entry is
changed only where the benchmark's plan departs from it (fleet-vendors.ts `configEntry`: Opal lists no owners).
Returns the accounts, in order.
*/
export async function joinSimulatedConfigs(paths: readonly string[], target: string): Promise<ConfigAccount[]> {
	const accounts: Array<Readonly<Record<string, unknown>>> = [];
	const listed: ConfigAccount[] = [];
	for (const path of paths) {
		const written = v.parse(WrittenConfigSchema, JSON.parse(await readFile(path, 'utf8')));
		for (const entry of written.accounts) {
			accounts.push(fleetVendors[entry.provider].configEntry?.(entry) ?? entry);
			listed.push({name: entry.name, vendor: entry.provider});
		}
	}

	// 0600: simulator keys are fake, but a config file holding keys is treated as one holding real ones.
	await writeFile(target, `${JSON.stringify({accounts}, null, 2)}\n`, {mode: 0o600});
	return listed;
}
