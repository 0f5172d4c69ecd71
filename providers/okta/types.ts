import type {UpdateTokenInput} from '../../src/provider.js';

/**
An API token's network condition, as Okta's API takes it (docs/vendors/okta.md, schemas [S]): from anywhere, or
from the network zones it includes and not from those it excludes. Zones are named by id (`nzo…`), not by
address: make or edit the zone in Okta, then name it here.
*/
export type OktaNetworkChange =
	| {readonly connection: 'ANYWHERE'}
	| {readonly connection: 'ZONE'; readonly include?: readonly string[] | undefined; readonly exclude?: readonly string[] | undefined};

/**
A change to an Okta API token. Okta's API changes only the network condition (docs/vendors/okta.md, endpoints
[D]); a name, description or privileges here is refused with a ConfigError before any request.
*/
export interface OktaUpdateTokenInput extends UpdateTokenInput {
	readonly network?: OktaNetworkChange | undefined;
}
