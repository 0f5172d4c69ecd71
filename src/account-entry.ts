import * as v from 'valibot';

const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

/**
The fields every account entry of a config file may have, whatever its vendor. The rest of an entry is the
vendor's own, checked by the vendor (see parseVendorOptions), which also suggests these names for a misspelt one.
*/
export const AccountEntrySchema = v.looseObject({
	name: nonEmpty,
	provider: nonEmpty,
	apiKey: v.optional(v.string()),
	apiKeyFile: v.optional(nonEmpty),
	baseUrl: v.optional(nonEmpty),
	allowInsecureHttp: v.optional(v.boolean()),
	maxResponseBytes: v.optional(v.pipe(v.number(), v.integer('must be a whole number of bytes'), v.minValue(1, 'must be at least 1'))),
});

/** The names of those fields. */
export const accountEntryFields: readonly string[] = Object.keys(AccountEntrySchema.entries);
