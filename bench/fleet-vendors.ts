import {builtInVendors} from '../providers/index.js';
import {oktaAppsAccountSuffix} from '../providers/okta/apps-account.js';
import {
	createCloudflareProvider,
	createDatadogProvider,
	createGitHubProvider,
	createGitLabProvider,
	createLaunchDarklyProvider,
	createMistProvider,
	createOktaProvider,
	createOpalProvider,
	createOpenAIProvider,
	type ListOptions,
	type TokenProvider,
} from '../src/index.js';
import {walkCloudflare} from './baselines/cloudflare-plan.js';
import {walkDatadog} from './baselines/datadog-plan.js';
import {walkGitHub} from './baselines/github-plan.js';
import {walkGitLab} from './baselines/gitlab-plan.js';
import {walkOkta} from './baselines/okta-plan.js';
import {walkOpenAI} from './baselines/openai-plan.js';
import type {PlanOptions, PlanWalk} from './baselines/page-walk.js';
import type {ScriptAccount} from './baselines/sequential-script.js';
import type {CountedVendor} from './lower-bound.js';
import type {ProviderSettings} from './providers.js';
import {accountsOf, datadogApplicationKeyOf, gitHubAppOf, vendorNames, type AccountScope, type SimulatedVendor, type VendorName} from './simulator-process.js';

/**
What the fleet knows of one vendor: how its sizes read, how tokenkit is set up for one of its accounts, what
tokenkit asks beyond the baselines, and how the baselines walk it. Adding a vendor to the fleet is a plan file
(baselines/<vendor>-plan.ts) and an entry in {@link fleetVendors}; the compiler then asks for its sizes in config.ts.
*/
interface FleetVendorBase {
	/** What `--fleet-<vendor> AxT` counts: A … */
	readonly accounts: string;
	/** … and T, per account. */
	readonly tokens: string;
	/** What each account lists besides those tokens, for the help and the report. */
	readonly alongside?: string;
	/** Options of the vendor's simulator that `tokenkit simulate` does not take (simulator-child.ts). */
	readonly simulatorOptions?: Readonly<Record<string, number>>;
	/** The accounts of tokenkit that one simulated account gives, where that is more than the one the simulator announces. */
	readonly entries?: (account: ScriptAccount) => ScriptAccount[];
	/** tokenkit's provider for one account, as the config entry `tokenkit simulate --write-config` writes for it would make it. */
	readonly provider: (account: ScriptAccount, settings: ProviderSettings) => TokenProvider;
	/**
	What the benchmark changes in the config entry `tokenkit simulate --write-config` writes for an account, where
	`provider` above departs from it, so that the command sends the requests of the plan the baselines walk.
	*/
	readonly configEntry?: (entry: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>;
	/**
	The requests tokenkit sends for an account that neither baseline sends: which token its key is (or, for Datadog,
	whose keys its application key is), to mark the account's own credential (a script has no need of it).
	*/
	readonly ownCredential?: {readonly request: string; readonly requests: (account: ScriptAccount) => number};
}

/** A vendor whose chain follows from its token counts alone (lower-bound.ts `shortestChain`). */
export interface CountedFleetVendor extends FleetVendorBase {
	readonly plan: 'counted';
}

/** A vendor walked in tokenkit's request plan, by the baselines and, untimed, to count its chain. */
export interface WalkedFleetVendor extends FleetVendorBase {
	readonly plan: {
		readonly walk: (account: ScriptAccount, options: PlanOptions) => Promise<PlanWalk>;
		/** What the chain's round trips are, for the report. */
		readonly chain: string;
	};
}

export type WalkedVendor = Exclude<VendorName, CountedVendor>;

/**
API tokens per answer the Okta simulator serves: the largest `limit` of Okta's older API, whose pages it follows
(`Link: rel="next"`). tokenkit sends no page size (the current API takes none), so neither do the baselines.
*/
export const oktaApiTokenPageSize = 200;

const commonOf = (account: ScriptAccount, settings: ProviderSettings): {apiKey: string; baseUrl: string; account: string; onEvent: ProviderSettings['onEvent']} => ({
	apiKey: account.apiKey,
	baseUrl: account.baseUrl,
	account: account.name,
	onEvent: settings.onEvent,
});

export const fleetVendors: {readonly [V in CountedVendor]: CountedFleetVendor} & {readonly [V in WalkedVendor]: WalkedFleetVendor} = {
	mist: {
		accounts: 'orgs',
		tokens: 'tokens',
		plan: 'counted',
		provider: (account, settings) => createMistProvider({...commonOf(account, settings), orgId: account.id}),
	},
	opal: {
		accounts: 'orgs',
		tokens: 'tokens',
		plan: 'counted',
		provider(account, settings) {
			const pageSize = settings.pageSize?.opal;
			// Token pages only, like the peers it is compared with: owner lookups (one request per distinct user,
			// paced at Opal's 100 a second) are a separate cost the benchmark does not measure.
			const provider = createOpalProvider({...commonOf(account, settings), resolveOwners: false});
			// Opal's page size is a list option, not a provider option; an inventory calls list() with none.
			return pageSize === undefined ? provider : {...provider, list: (options: ListOptions = {}) => provider.list({...options, pageSize})};
		},
		configEntry: entry => ({...entry, resolveOwners: false}),
	},
	launchdarkly: {
		accounts: 'accounts',
		tokens: 'tokens',
		plan: 'counted',
		provider: (account, settings) => createLaunchDarklyProvider({...commonOf(account, settings), concurrency: settings.launchDarklyConcurrency, pageSize: settings.pageSize?.launchdarkly}),
		ownCredential: {request: 'GET /api/v2/caller-identity', requests: () => 1},
	},
	gitlab: {
		accounts: 'instances',
		tokens: 'tokens',
		// What `tokenkit simulate --write-config` writes for a GitLab instance: its administrator's key, every group and project.
		provider: (account, settings) => createGitLabProvider({...commonOf(account, settings), groups: 'all', projects: 'all'}),
		ownCredential: {request: 'GET /api/v4/personal_access_tokens/self', requests: () => 1},
		plan: {
			walk: async (account, options) => walkGitLab(account, options),
			chain: 'who the key is, the group and project lists, each one\'s token pages, the personal token pages and owner lookups, in turn',
		},
	},
	github: {
		accounts: 'orgs',
		tokens: 'grants',
		// The simulator announces each org twice: its grants, and its SSO authorizations.
		alongside: 'each org with its SSO authorizations too, three for every five grants',
		provider(account, settings) {
			const {appId, installationId, org, scope} = gitHubAppOf(account);
			return createGitHubProvider({baseUrl: account.baseUrl, account: account.name, onEvent: settings.onEvent, privateKey: account.apiKey, appId, installationId, org, scope});
		},
		plan: {
			walk: async (account, options) => walkGitHub({...account, app: gitHubAppOf(account)}, options),
			chain: 'the installation-token mint, then Link pages in turn, with each page\'s membership lookups and repository reads',
		},
	},
	cloudflare: {
		accounts: 'accounts',
		tokens: 'account tokens',
		// The simulator announces each account twice: its account tokens, and its administrator's user tokens.
		alongside: 'each account with its administrator\'s user tokens too, a third as many',
		provider: (account, settings) => (scopeOf(account, ['account', 'user']) === 'user'
			? createCloudflareProvider({...commonOf(account, settings), scope: 'user'})
			: createCloudflareProvider({...commonOf(account, settings), accountId: account.id})),
		ownCredential: {request: 'GET …/tokens/verify', requests: () => 1},
		plan: {
			walk: async (account, options) => walkCloudflare({...account, scope: scopeOf(account, ['account', 'user'])}, options),
			chain: 'for user tokens who the user is, then pages of 50 in turn until an empty one',
		},
	},
	okta: {
		accounts: 'orgs',
		tokens: 'API tokens',
		alongside: 'each org with its apps\' client secrets too, an app for every ten tokens',
		simulatorOptions: {apiTokenPageSize: oktaApiTokenPageSize},
		// One org, two entries of a config file, as `tokenkit simulate --write-config` writes them. Each carries the
		// org's announced count (API tokens and client secrets together), which only counted vendors' chains read.
		entries: account => [
			{...account, scope: 'api-tokens'},
			{...account, name: `${account.name}${oktaAppsAccountSuffix}`, scope: 'client-secrets'},
		],
		provider: (account, settings) => createOktaProvider({...commonOf(account, settings), credentials: scopeOf(account, ['api-tokens', 'client-secrets'])}),
		ownCredential: {request: 'GET /api/v1/users/me', requests: account => (account.scope === 'api-tokens' ? 1 : 0)},
		plan: {
			walk: async (account, options) => walkOkta({...account, scope: scopeOf(account, ['api-tokens', 'client-secrets'])}, options),
			chain: 'Link pages in turn, with each page\'s owner, role and zone lookups (apps: each page\'s client secret reads)',
		},
	},
	datadog: {
		accounts: 'orgs',
		tokens: 'keys',
		alongside: 'API keys, application keys and access tokens, three, four and three in every ten',
		// What `tokenkit simulate --write-config` writes for a Datadog org: its API key, and its administrator's application key.
		provider: (account, settings) => createDatadogProvider({...commonOf(account, settings), applicationKey: datadogApplicationKeyOf(account)}),
		ownCredential: {request: 'GET /api/v2/current_user/application_keys[/{id}]', requests: () => 2},
		plan: {
			walk: async (account, options) => walkDatadog({...account, applicationKey: datadogApplicationKeyOf(account)}, options),
			chain: 'API keys, application keys, access tokens in turn: each list\'s first page, then the rest four at a time, with each page\'s owner lookups',
		},
	},
	openai: {
		accounts: 'orgs',
		tokens: 'keys',
		alongside: 'an admin key in every seven, the rest in up to 48 projects',
		provider: (account, settings) => createOpenAIProvider(commonOf(account, settings)),
		plan: {
			walk: async (account, options) => walkOpenAI(account, options),
			chain: 'the admin key pages in turn with their owner lookups, then the project pages, each project\'s key pages in turn, four projects at a time',
		},
	},
};

/** Every account of the fleet, in vendor order, as tokenkit and the baselines list them. */
export function fleetAccounts(vendors: readonly SimulatedVendor[]): ScriptAccount[] {
	return vendorNames.flatMap(vendor => accountsOf(vendors, vendor).flatMap(account => {
		const entry = {vendor, ...account};
		return fleetVendors[vendor].entries?.(entry) ?? [entry];
	}));
}

/** `--fleet-<vendor>`'s words, and the report's: e.g. "orgs × grants, each org with its SSO authorizations too". */
export function fleetSizeWords(vendor: VendorName): string {
	const {accounts, tokens, alongside} = fleetVendors[vendor];
	return `${accounts} × ${tokens}${alongside === undefined ? '' : `, ${alongside}`}`;
}

/** The account's scope, one of those its vendor has. */
function scopeOf<TScope extends AccountScope>(account: ScriptAccount, scopes: readonly TScope[]): TScope {
	const found = scopes.find(scope => scope === account.scope);
	if (found === undefined) {
		throw new Error(`${account.name}: the simulator announced scope ${String(account.scope)}; expected one of ${scopes.join(', ')}`);
	}

	return found;
}

/** A vendor's name as the registry writes it for people. */
export function vendorTitle(vendor: VendorName): string {
	return builtInVendors.find(definition => definition.name === vendor)?.title ?? vendor;
}
