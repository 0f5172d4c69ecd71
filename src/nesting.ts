/**
How deep a vendor's answer may nest objects and arrays inside each other. A token record nests a handful of
levels (a LaunchDarkly list answer: body, items, token, `_member`, `_links`, link: six). JSON.parse reads any
depth, but code that walks a value recursively (JSON.stringify of `raw` in a report, valibot, a copy) runs
out of stack some thousands of levels down, and ends the process, not the account. Answers are refused well
before that.
*/
export const maxNesting = 64;

/**
Where `value` nests deeper than `levels`: the keys from `value` down to the container at which the limit is
passed, or undefined when it fits. A string, number, boolean or null nests 0 levels; an object or array one
more than its deepest member. The walk stops at the limit, so it never recurses more than `levels` calls deep,
whatever it is given, and builds nothing unless it finds something.
*/
export function nestedTooDeep(value: unknown, levels: number): Array<string | number> | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	if (levels < 1) {
		return [];
	}

	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			const below = nestedTooDeep(value[index], levels - 1);
			if (below !== undefined) {
				below.unshift(index);
				return below;
			}
		}

		return undefined;
	}

	for (const key in value) {
		if (Object.hasOwn(value, key)) {
			const below = nestedTooDeep(Reflect.get(value, key), levels - 1);
			if (below !== undefined) {
				below.unshift(key);
				return below;
			}
		}
	}

	return undefined;
}
