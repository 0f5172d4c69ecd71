import type {VendorDefinition} from '../../vendor.js';

/** The vendors' ways of rotating, one line each, as `tokenkit rotate --help` lists them; from the registry, never by hand. */
export function rotationHelpLines(vendors: readonly VendorDefinition[]): string {
	const width = Math.max(...vendors.map(vendor => vendor.title.length));
	return vendors.map(vendor => {
		const {rotation} = vendor.capabilities;
		const text = rotation === null || !vendor.capabilities.operations.rotate
			? 'none: its API cannot mint keys; the REF fails and says what to do in the vendor\'s UI'
			: rotation.summary;
		return `  ${vendor.title.padEnd(width)}  ${text}`;
	}).join('\n');
}

/** `Juniper Mist, Opal and LaunchDarkly`, and every other vendor of the registry. */
export function vendorTitles(vendors: readonly VendorDefinition[]): string {
	const titles = vendors.map(vendor => vendor.title);
	return titles.length < 2 ? titles.join('') : `${titles.slice(0, -1).join(', ')} and ${titles.at(-1) ?? ''}`;
}
