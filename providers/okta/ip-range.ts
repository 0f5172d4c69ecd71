/**
The CIDR blocks that cover an IPv4 range exactly, smallest number of blocks first to last:
`13.4.5.6-13.4.5.8` is `13.4.5.6/31` and `13.4.5.8/32`. Okta zones write a gateway as a `RANGE` of that form
(docs/vendors/okta.md, network [S]), while a Token's allow-list holds addresses and CIDRs. Undefined when the text
is not an IPv4 range with its start at or before its end (an IPv6 range, or a malformed one): the caller keeps
the text as Okta wrote it.
*/
export function ipv4RangeToCidrs(range: string): string[] | undefined {
	const [startText, endText, ...rest] = range.split('-').map(part => part.trim());
	if (startText === undefined || endText === undefined || rest.length > 0) {
		return undefined;
	}

	const start = ipv4ToNumber(startText);
	const end = ipv4ToNumber(endText);
	if (start === undefined || end === undefined || start > end) {
		return undefined;
	}

	const blocks: string[] = [];
	let next = start;
	while (next <= end) {
		// The largest block that starts at `next` (aligned to its size) and stays within the range.
		let size = 1;
		while (next % (size * 2) === 0 && next + size * 2 - 1 <= end) {
			size *= 2;
		}

		blocks.push(`${numberToIpv4(next)}/${32 - Math.log2(size)}`);
		next += size;
	}

	return blocks;
}

function ipv4ToNumber(text: string): number | undefined {
	const parts = text.split('.');
	if (parts.length !== 4 || !parts.every(part => /^\d{1,3}$/.test(part) && Number(part) <= 255)) {
		return undefined;
	}

	return parts.reduce((sum, part) => (sum * 256) + Number(part), 0);
}

function numberToIpv4(value: number): string {
	return [24, 16, 8, 0].map(shift => Math.floor(value / (2 ** shift)) % 256).join('.');
}
