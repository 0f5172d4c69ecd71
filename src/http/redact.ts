/** Cuts a vendor message to a size that fits on one line of a log. */
export function clip(text: string, max = 300): string {
	const oneLine = text.replaceAll(/\s+/g, ' ').trim();
	return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
