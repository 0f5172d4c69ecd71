import type {PlannedRotation} from '../../inventory/rotate/plan.js';
import {formatRef, type TokenRef} from '../../inventory/rotate/ref.js';
import {inert} from '../../text/inert.js';

/** The token's name as the plan read it; a token that could not be read has none. */
export function nameOf(item: PlannedRotation): string | null {
	return item.action === 'unavailable' ? null : item.token?.name ?? null;
}

/** The REF, with the token's name beside it when there is one (made inert: the vendor chose it), for a person reading a plan. */
export function label(ref: TokenRef, name: string | null): string {
	return name === null || name === '' ? formatRef(ref) : `${formatRef(ref)} ("${inert(name, 80)}")`;
}
