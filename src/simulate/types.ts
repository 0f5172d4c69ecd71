import type {RequestHeaders} from '../environment.js';
import type {Random} from './random.js';

/** One request as a vendor simulator sees it: already read, JSON already parsed. */
export interface SimRequest {
	/** Upper case: `GET`, `POST`, … */
	readonly method: string;
	/** The URL path, without the query. */
	readonly path: string;
	readonly query: URLSearchParams;
	readonly headers: RequestHeaders;
	/** The parsed JSON body; undefined when the body was empty or not JSON (see `bodyInvalid`). */
	readonly body: unknown;
	/** True when a body was sent but is not valid JSON. */
	readonly bodyInvalid: boolean;
	/** The client's address as the socket saw it, e.g. `127.0.0.1`. */
	readonly remoteAddress: string;
}

/** What a simulator answers: a status, headers and a JSON body (undefined for an empty body). */
export interface SimResponse {
	readonly status: number;
	readonly headers?: Readonly<Record<string, string>> | undefined;
	readonly body?: unknown;
	/** A body sent as it is instead of `body` as JSON, for a vendor's plain-text answer (give its Content-Type in `headers`). */
	readonly text?: string | undefined;
}

/** An account as `startSimulators` reports it: simulator keys are fake and may be printed. */
export interface SimAccountInfo {
	/** The label a config file uses for it, e.g. `mist-org-1`. */
	readonly name: string;
	/** The vendor's id for it (Mist org id, LaunchDarkly account id, Opal org id). */
	readonly id: string;
	/** A key with full (admin) rights on the account's tokens. */
	readonly apiKey: string;
	/** How many tokens the account holds now. */
	readonly tokens: number;
}

/**
A vendor's token API in memory. The shared server (see server.ts) adds the transport, latency and faults;
everything a vendor decides itself (auth header, rate-limit signalling, routes, error shapes) happens in `handle`.
*/
export interface VendorSimulator {
	readonly vendor: string;
	/** Path prefix of the vendor's base URL: `/v1` for Opal, empty where routes carry the full path. */
	readonly basePath: string;
	/** Answers one request. Must not throw: every failure is a vendor-shaped error response. */
	handle(request: SimRequest): SimResponse;
	/** The vendor's own shape for an injected fault: a 429 (with its rate-limit signal), a 500 or a 503. */
	faultResponse(status: 429 | 500 | 503, retryAfterSeconds: number): SimResponse;
	/** Accounts, their admin keys and current token counts. */
	accounts(): SimAccountInfo[];
	/**
	Creates one token and deletes another in the account `request` authenticates as (or any account), as if
	someone were using the vendor's UI while a client lists.
	*/
	churn(request: SimRequest, random: Random): void;
	/**
	Every key this simulator has ever handed out or seeded (admin keys, token keys, keys replaced by a reset),
	so a test can prove that none of them appears in anything a client printed.
	*/
	allSecrets(): string[];
	/**
	Everything `churn` did so far, oldest first, one report per account it touched, so a test can compare what a
	client saw change with the change itself. A simulator whose churn does not report leaves it out.
	*/
	churnReports?(): readonly ChurnReport[];
}

/** What one churn did to one account, in the token ids a client lists. */
export interface ChurnReport {
	/** The account as its config entry names it (`name` of `accounts()`, or the entry `simulatedAccountConfig` makes). */
	readonly account: string;
	readonly created: readonly string[];
	readonly removed: readonly string[];
	/** Tokens it changed, each with what it did in one word: `renamed`, `widened`, `allow-list-removed`, `revoked`, … */
	readonly changed: ReadonlyArray<{readonly id: string; readonly change: string}>;
}

/** What every vendor simulator factory accepts. */
export interface SeedOptions {
	/** Same seed, same accounts, tokens and keys. @default 1 */
	readonly seed?: number | undefined;
	/** Accounts (Mist orgs, Opal orgs, LaunchDarkly accounts). @default 2 */
	readonly accounts?: number | undefined;
	/** Tokens seeded per account, besides the keys the simulator itself reports. @default 25 */
	readonly tokens?: number | undefined;
	/** Clock in epoch ms; seeded times are relative to it and expiries are checked against it. @default Date.now */
	readonly now?: (() => number) | undefined;
}
