import {inert} from '../text/inert.js';

/** Cuts a vendor message to one line of a log, its control, escape and bidi characters made visible (`inert`). */
export function clip(text: string, max = 300): string {
	return inert(text.replaceAll(/\s+/g, ' ').trim(), max);
}
