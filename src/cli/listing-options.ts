/**
The flags `inventory` and `audit` share: where the accounts come from, which of them, how to report and how
fast. Each command adds its own to these.
*/
export const listingOptions = {
	config: {type: 'string'},
	demo: {type: 'boolean'},
	format: {type: 'string'},
	output: {type: 'string'},
	force: {type: 'boolean'},
	provider: {type: 'string', multiple: true},
	account: {type: 'string', multiple: true},
	concurrency: {type: 'string'},
	quiet: {type: 'boolean'},
	save: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
} as const;
