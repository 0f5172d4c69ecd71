import {pathToFileURL} from 'node:url';
import {ConfigError} from './errors/index.js';
import type {VendorDefinition} from './vendor.js';

/** A `vendors:` entry of the config file: the module's absolute path and where the entry is written. */
export interface VendorModuleRef {
	readonly path: string;
	/** `file:line`, for messages. */
	readonly where: string;
}

/**
Loads a vendor module named by the config file. Its default export, or its named export `vendor`, must be a
VendorDefinition (see `defineVendor`); anything else, or a module that cannot be loaded, is a ConfigError naming
the file and line of the entry. The module runs with tokenkit's rights: list only code you trust.
*/
export async function loadVendorModule(module: VendorModuleRef): Promise<VendorDefinition> {
	let exports: unknown;
	try {
		exports = await import(pathToFileURL(module.path).href);
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
		throw new ConfigError(`${module.where}: vendor module ${module.path} cannot be loaded (${reason})`, {}, {cause: error});
	}

	const candidates = [propertyOf(exports, 'default'), propertyOf(exports, 'vendor')];
	const vendor = candidates.find(candidate => isVendorDefinition(candidate));
	if (!isVendorDefinition(vendor)) {
		const problem = candidates.filter(candidate => candidate !== undefined).map(candidate => vendorShapeProblem(candidate)).find(found => found !== undefined) ?? 'it exports neither';
		throw new ConfigError(`${module.where}: vendor module ${module.path} does not export a vendor definition as its default export or as "vendor" (${problem})`);
	}

	return vendor;
}

function propertyOf(value: unknown, key: string): unknown {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const field: unknown = Reflect.get(value, key);
	return field;
}

/** Whether `value` has the shape of a VendorDefinition: what the core calls must be there, and be callable. */
export function isVendorDefinition(value: unknown): value is VendorDefinition {
	return vendorShapeProblem(value) === undefined;
}

function vendorShapeProblem(value: unknown): string | undefined {
	if (typeof value !== 'object' || value === null) {
		return 'not an object';
	}

	for (const key of ['name', 'title']) {
		const field = propertyOf(value, key);
		if (typeof field !== 'string' || field === '') {
			return `"${key}" is not a non-empty string`;
		}
	}

	for (const key of ['createProvider', 'createSimulator', 'simulatedAccountConfig']) {
		if (typeof propertyOf(value, key) !== 'function') {
			return `"${key}" is not a function`;
		}
	}

	const capabilities = propertyOf(value, 'capabilities');
	if (typeof propertyOf(capabilities, 'operations') !== 'object' || typeof propertyOf(capabilities, 'fields') !== 'object') {
		return '"capabilities" lacks "operations" or "fields"';
	}

	const rotation = propertyOf(capabilities, 'rotation');
	if (rotation !== null && strategyProblem(rotation) !== undefined) {
		return `"capabilities.rotation" ${strategyProblem(rotation) ?? ''}`;
	}

	return undefined;
}

function strategyProblem(rotation: unknown): string | undefined {
	if (typeof propertyOf(rotation, 'name') !== 'string' || typeof propertyOf(rotation, 'summary') !== 'string') {
		return 'is neither null nor a rotation strategy (see defineRotationStrategy)';
	}

	const renews = propertyOf(rotation, 'renews');
	const oldKey = propertyOf(rotation, 'oldKey');
	if ((renews !== 'same-id' && renews !== 'new-id') || (oldKey !== 'vendor-expires' && oldKey !== 'caller-revokes' && oldKey !== 'dies-at-once') || typeof propertyOf(rotation, 'retrySafe') !== 'boolean') {
		return 'has an unknown "renews", "oldKey" or "retrySafe"';
	}

	for (const key of ['describePlan', 'afterCrash', 'afterLostAnswer', 'afterKeyLost', 'noGrace']) {
		if (typeof propertyOf(rotation, key) !== 'function') {
			return `lacks the text "${key}"`;
		}
	}

	return undefined;
}
