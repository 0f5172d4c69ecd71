import {
	createGitHubProvider,
	createGitLabProvider,
	createLaunchDarklyProvider,
	createMistProvider,
	createOpalProvider,
	type HttpEvent,
	type ListOptions,
	type TokenProvider,
} from '../src/index.js';
import {accountsOf, gitHubAppOf, vendorNames, type SimulatedVendor} from './simulator-process.js';

export interface ProviderSettings {
	readonly onEvent: (event: HttpEvent) => void;
	/** LaunchDarkly pages in flight at once; tokenkit's default when absent. */
	readonly launchDarklyConcurrency?: number | undefined;
	/** Page sizes below the largest, for the politeness runs that must cross a limit in bounded time. */
	readonly pageSize?: Readonly<Partial<Record<'opal' | 'launchdarkly', number>>> | undefined;
}

/** tokenkit's provider for every simulated account, in vendor order (Mist, Opal, LaunchDarkly, GitLab, GitHub) as a config file would list them. */
export function tokenkitProviders(vendors: readonly SimulatedVendor[], settings: ProviderSettings): TokenProvider[] {
	return vendorNames.flatMap(vendor => accountsOf(vendors, vendor).map(account => {
		const common = {apiKey: account.apiKey, baseUrl: account.baseUrl, account: account.name, onEvent: settings.onEvent};
		switch (vendor) {
			case 'mist': {
				return createMistProvider({...common, orgId: account.id});
			}

			case 'opal': {
				const pageSize = settings.pageSize?.opal;
				// Token pages only, like the peers it is compared with: owner lookups (one request per distinct user,
				// paced at Opal's 100 a second) are a separate cost the benchmark does not measure.
				const provider = createOpalProvider({...common, resolveOwners: false});
				// Opal's page size is a list option, not a provider option; an inventory calls list() with none.
				return pageSize === undefined ? provider : {...provider, list: (options: ListOptions = {}) => provider.list({...options, pageSize})};
			}

			case 'launchdarkly': {
				return createLaunchDarklyProvider({...common, concurrency: settings.launchDarklyConcurrency, pageSize: settings.pageSize?.launchdarkly});
			}

			case 'gitlab': {
				// What `tokenkit simulate --write-config` writes for a GitLab instance: its administrator's key, every group and project.
				return createGitLabProvider({...common, groups: 'all', projects: 'all'});
			}

			case 'github': {
				const {appId, installationId, org, scope} = gitHubAppOf(account);
				return createGitHubProvider({baseUrl: account.baseUrl, account: account.name, onEvent: settings.onEvent, privateKey: account.apiKey, appId, installationId, org, scope});
			}
		}
	}));
}
