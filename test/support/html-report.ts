import * as v from 'valibot';
import {expect} from 'vitest';

/** Names that would end the data's script element, open a comment, or start markup if anything were not escaped. */
export const hostileNames = [
	'</script><script>window.pwned = 1</script>',
	'<!-- <script>window.pwned = 2</script>',
	'"><img src=x onerror="window.pwned = 3">',
	'\u2028line\u2029separators & <b>bold</b>',
];

const DataSchema = v.object({
	generatedAt: v.string(),
	tokens: v.array(v.looseObject({ref: v.string(), name: v.string()})),
	findings: v.array(v.looseObject({ref: v.string(), name: v.string(), severity: v.string()})),
});

/** The page's embedded data, read the way its script reads it. */
export function embeddedData(html: string): v.InferOutput<typeof DataSchema> {
	const match = /<script type="application\/json" id="tokenkit-data">([^<]*)<\/script>/.exec(html);
	expect(match).not.toBeNull();
	return v.parse(DataSchema, JSON.parse(match?.[1] ?? ''));
}
