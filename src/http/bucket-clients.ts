import {createHttpClient, type HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse} from './client.js';
import type {Redactor} from '../redaction/redactor.js';

/**
One HTTP client per rate-limit bucket of a vendor that counts its endpoints apart (Okta's buckets, Datadog's
`X-RateLimit-Name`): each has its own limiter, paced by its own answers, so a bucket running low holds back only
its own requests. Every client shares the options and the one redactor, so each knows the credential and every key
read or minted through any of them.
*/
export interface BucketClients {
	readonly redactor: Redactor;
	/** Sends the request through the client of its bucket. */
	readonly send: (request: HttpRequest) => Promise<HttpResponse>;
}

/** Makes the clients lazily: a run that never asks a bucket makes no client for it. `first` is made at once. */
export function createBucketClients<TBucket extends string>(options: HttpClientOptions, bucketOf: (path: string) => TBucket, first: TBucket): BucketClients {
	const made = createHttpClient(options);
	const {redactor} = made;
	const clients = new Map<TBucket, HttpClient>([[first, made]]);
	const clientFor = (bucket: TBucket): HttpClient => {
		const known = clients.get(bucket);
		if (known !== undefined) {
			return known;
		}

		const client = createHttpClient({...options, redactor});
		clients.set(bucket, client);
		return client;
	};

	return {
		redactor,
		send: async request => clientFor(bucketOf(request.path)).send(request),
	};
}
