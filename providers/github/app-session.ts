import githubAppJwt from 'universal-github-app-jwt';
import {AuthenticationError, HttpError, NotFoundError, type ErrorContext} from '../../src/errors/index.js';
import type {HttpClient, HttpResponse} from '../../src/http/client.js';
import {Secret} from '../../src/secret.js';
import {parseResponse} from '../../src/validate.js';
import {InstallationSchema, InstallationTokenSchema} from './schema.js';

/**
How long before its expiry an installation token is replaced. GitHub's live an hour (docs/vendors/github.md, auth [S]);
five minutes leaves room for a listing's last pages and for clocks that disagree.
*/
export const renewBeforeMs = 5 * 60_000;

/** How long before its `exp` a JWT is signed anew: GitHub refuses an expired one, and it lives ten minutes at most. */
const jwtMarginSeconds = 60;

export interface AppSessionOptions {
	readonly context: ErrorContext;
	/** Sends the App's own requests; its Authorization header is {@link AppSession.appAuthorization}. */
	readonly appClient: HttpClient;
	readonly appId: string;
	readonly privateKey: Secret;
	readonly installationId: number | undefined;
	readonly org: string | undefined;
	readonly now: () => number;
}

/** Where the App is installed, found once per provider. */
export interface Installation {
	readonly id: number;
	readonly org: string;
}

/**
The GitHub App's side of a provider: it signs JWTs with the App's key (with `universal-github-app-jwt`, the library
Octokit uses), finds the installation, and mints installation tokens, renewing them before they expire and once
after GitHub refuses one. Every JWT and token is registered with the client's redactor the moment it exists.
*/
export interface AppSession {
	/** The installation, looked up the first time it is needed (by org, or by id for the org's login). */
	installation(signal: AbortSignal | undefined): Promise<Installation>;
	/** A token that is good for a while yet: minted or renewed now when there is none or it ends within five minutes. */
	ready(signal: AbortSignal | undefined): Promise<void>;
	/** After GitHub answered 401 to `rejected`, mints a new token, unless another request already did. */
	renewAfter(rejected: string | undefined, signal: AbortSignal | undefined): Promise<void>;
	/** The installation token in use now, for comparing after a 401; undefined before the first. */
	currentToken(): string | undefined;
	/** `Authorization` for the installation's requests. */
	installationAuthorization(): string;
	/** `Authorization` for the App's own requests (a JWT). */
	appAuthorization(): string;
	/** Installation tokens minted so far. */
	readonly minted: () => number;
}

export function createAppSession(options: AppSessionOptions): AppSession {
	const {appClient, context, now} = options;
	const {redactor} = appClient;
	let jwt: {token: string; expiresAt: number} | undefined;
	let token: {key: Secret; expiresAt: number} | undefined;
	let installationLookup: Promise<Installation> | undefined;
	let minting: Promise<void> | undefined;
	let minted = 0;

	async function freshJwt(): Promise<void> {
		const seconds = Math.floor(now() / 1000);
		if (jwt !== undefined && jwt.expiresAt - jwtMarginSeconds > seconds) {
			return;
		}

		// A numeric id goes as a number, as GitHub's examples sign it; a client ID as the string it is.
		const id = /^\d+$/.test(options.appId) ? Number(options.appId) : options.appId;
		const signed = await githubAppJwt({id, privateKey: options.privateKey.reveal(), now: seconds});
		redactor.add(signed.token);
		jwt = {token: signed.token, expiresAt: signed.expiration};
	}

	async function appRequest(method: 'GET' | 'POST', path: string, signal: AbortSignal | undefined, mints?: string): Promise<HttpResponse> {
		await freshJwt();
		// Minting twice does no harm (two tokens, each ending within the hour), so a lost answer may be asked again.
		return appClient.send({method, path, signal, idempotent: true, ...(mints === undefined ? {} : {mints})});
	}

	async function lookUpInstallation(signal: AbortSignal | undefined): Promise<Installation> {
		if (options.installationId !== undefined && options.org !== undefined) {
			return {id: options.installationId, org: options.org};
		}

		if (options.installationId === undefined) {
			const org = options.org ?? '';
			const response = await appRequest('GET', `orgs/${encodeURIComponent(org)}/installation`, signal).catch((error: unknown) => {
				throw explained(error, 404, `field "org": the App (id ${options.appId}) is not installed on an org named "${org}", or there is no such org; install the App on it or correct "org"`);
			});
			return {id: parseResponse(InstallationSchema, response, context).id, org};
		}

		const id = options.installationId;
		const response = await appRequest('GET', `app/installations/${id}`, signal).catch((error: unknown) => {
			throw explained(error, 404, `field "installationId": the App (id ${options.appId}) has no installation ${id}; correct "installationId", or give "org" instead`);
		});
		const login = parseResponse(InstallationSchema, response, context).account?.login;
		if (login === undefined) {
			throw new NotFoundError({...context, status: 404, method: 'GET', path: response.path}, `field "installationId": installation ${id} is not on an org; give "org" as well`);
		}

		return {id, org: login};
	}

	async function installation(signal: AbortSignal | undefined): Promise<Installation> {
		installationLookup ??= lookUpInstallation(signal);
		// A lookup that failed is tried again next time rather than remembered.
		return installationLookup.catch((error: unknown) => {
			installationLookup = undefined;
			throw error;
		});
	}

	async function mint(signal: AbortSignal | undefined): Promise<void> {
		const {id} = await installation(signal);
		const response = await appRequest('POST', `app/installations/${id}/access_tokens`, signal, 'token').catch((error: unknown) => {
			throw explained(error, 404, `field "installationId": the App (id ${options.appId}) has no installation ${id}`);
		});
		const answer = parseResponse(InstallationTokenSchema, response, context);
		token = {key: new Secret(answer.token), expiresAt: Date.parse(answer.expires_at)};
		minted++;
	}

	/** One mint at a time: requests that find the token stale together wait for the same new one. */
	async function mintOnce(signal: AbortSignal | undefined): Promise<void> {
		minting ??= mint(signal).finally(() => {
			minting = undefined;
		});
		return minting;
	}

	return {
		installation,
		async ready(signal) {
			if (token === undefined || token.expiresAt - renewBeforeMs <= now()) {
				await mintOnce(signal);
			}
		},
		async renewAfter(rejected, signal) {
			if (minting !== undefined) {
				await minting;
				return;
			}

			if (token === undefined || token.key.equals(rejected ?? '')) {
				await mintOnce(signal);
			}
		},
		currentToken: () => token?.key.reveal(),
		installationAuthorization: () => `Bearer ${token?.key.reveal() ?? ''}`,
		appAuthorization: () => `Bearer ${jwt?.token ?? ''}`,
		minted: () => minted,
	};

	/**
	The App's requests fail in ways a person fixes in the config: a 401 means GitHub did not accept the JWT (the app id
	and the key do not belong together), a 404 that the org or installation is not the App's. The error keeps its
	class and status, and says which field to look at.
	*/
	function explained(error: unknown, status: number, explanation: string): unknown {
		if (error instanceof AuthenticationError) {
			return new AuthenticationError({...error.details, vendorMessage: `${error.vendorMessage ?? 'the App\'s JWT was refused'}; check "appId" and that the private key is that App's`}, {cause: error});
		}

		if (error instanceof HttpError && error.status === status) {
			return new NotFoundError(error.details, explanation, {cause: error});
		}

		return error;
	}
}

