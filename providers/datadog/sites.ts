import {didYouMean} from '../../src/did-you-mean.js';

/**
Datadog's sites, by the domain its docs and its clients' `site` server variable name them (docs/vendors/datadog.md,
base URLs [S]: the April spec's `site` enum; `uk1.datadoghq.com` and `us2.ddog-gov.com` [D] from newer copies and
the docs' endpoint tables). The API of a site is `https://api.<site>`. An org and all of its keys live on one site.
*/
export const datadogSites = [
	'datadoghq.com',
	'us3.datadoghq.com',
	'us5.datadoghq.com',
	'datadoghq.eu',
	'ap1.datadoghq.com',
	'ap2.datadoghq.com',
	'uk1.datadoghq.com',
	'ddog-gov.com',
	'us2.ddog-gov.com',
] as const;

/** A Datadog site, as its domain. */
export type DatadogSite = (typeof datadogSites)[number];

/**
The short names people use for the sites, as Datadog's docs label them (US1, US3, US5, EU1, AP1, AP2, UK1, US1-FED,
US2-FED), lower case. `eu` and `gov` are accepted too: they are what people write.
*/
export const datadogSiteAliases: Readonly<Record<string, DatadogSite>> = {
	us1: 'datadoghq.com',
	us: 'datadoghq.com',
	us3: 'us3.datadoghq.com',
	us5: 'us5.datadoghq.com',
	eu: 'datadoghq.eu',
	eu1: 'datadoghq.eu',
	ap1: 'ap1.datadoghq.com',
	ap2: 'ap2.datadoghq.com',
	uk1: 'uk1.datadoghq.com',
	gov: 'ddog-gov.com',
	'us1-fed': 'ddog-gov.com',
	'us2-fed': 'us2.ddog-gov.com',
};

/** The site used when neither `site` nor `baseUrl` is given: US1, `https://api.datadoghq.com`. */
export const datadogDefaultSite = 'datadoghq.com' satisfies DatadogSite;

/** The API root of a site. */
export function datadogSiteUrl(site: DatadogSite): string {
	return `https://api.${site}`;
}

/** What reading a `site` value gave: the site, or why it is none, in words for a message. */
export type SiteReading =
	| {readonly ok: true; readonly site: DatadogSite}
	| {readonly ok: false; readonly problem: string};

/**
Reads a `site` value: a site's domain or short name, in any case. A URL or a host with `api.` or `app.` in front
(what a browser's address bar shows) is refused with the site it names, so the mistake is fixed in one step; anything
else unknown gets a "did you mean" among the domains and short names.
*/
export function readDatadogSite(value: string): SiteReading {
	const written = value.trim().toLowerCase();
	const site = datadogSites.find(candidate => candidate === written) ?? (Object.hasOwn(datadogSiteAliases, written) ? datadogSiteAliases[written] : undefined);
	if (site !== undefined) {
		return {ok: true, site};
	}

	const host = (/^(?:[a-z][a-z\d+.-]*:\/\/)?([^/?#:@]+)/.exec(written)?.[1] ?? '').replace(/^(?:api|app)\./, '');
	const named = datadogSites.find(candidate => candidate === host);
	const shown = JSON.stringify(value.slice(0, 60));
	if (named !== undefined) {
		return {ok: false, problem: `${shown} is a URL or host, not a site: write ${named} (or give the URL as "baseUrl")`};
	}

	const names = [...datadogSites, ...Object.keys(datadogSiteAliases)];
	return {ok: false, problem: `${shown} is not a Datadog site; the sites are ${datadogSites.join(', ')} (or their short names: ${Object.keys(datadogSiteAliases).join(', ')})${didYouMean(written, names)}`};
}
