import {untilAborted} from './attempt-abort.js';

/** What reading a body within its bounds gave. */
export type BoundedBody =
	| {readonly kind: 'complete'; readonly text: string}
	| {readonly kind: 'over-limit'};

/**
Reads a response body as UTF-8 text, streaming, and never holds more than `limit` bytes of it: a body that
declares more (Content-Length) is not read at all, and one that streams more is cancelled at the first chunk
past the limit, which closes the connection. So an endless body costs at most `limit` bytes, where reading it
whole and checking after would grow without end. The bytes counted are the decoded ones (after gzip), which
is what memory holds. Every read races `signal`, so a body that trickles ends with the attempt's time.
*/
export async function readBoundedBody(response: Response, limit: number, signal: AbortSignal): Promise<BoundedBody> {
	const {body} = response;
	if (body === null) {
		return {kind: 'complete', text: ''};
	}

	if (Number(response.headers.get('content-length')) > limit) {
		void body.cancel().catch(() => undefined);
		return {kind: 'over-limit'};
	}

	const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	let finished = false;
	try {
		for (;;) {
			const chunk = await untilAborted(reader.read(), signal);
			if (chunk.done) {
				finished = true;
				break;
			}

			size += chunk.value.byteLength;
			if (size > limit) {
				return {kind: 'over-limit'};
			}

			chunks.push(chunk.value);
		}
	} finally {
		if (!finished) {
			// Cancelling undici's body stream aborts the transfer and closes the connection.
			void reader.cancel().catch(() => undefined);
		}
	}

	// TextDecoder, as Response.text() does: invalid bytes become U+FFFD and a leading BOM is dropped.
	return {kind: 'complete', text: new TextDecoder().decode(Buffer.concat(chunks, size))};
}
