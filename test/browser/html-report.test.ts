import {existsSync} from 'node:fs';
import {mkdtemp, readFile, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium, type Browser, type Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSimulators} from '../../providers/simulators.js';
import type {RunningSimulators} from '../../src/simulate/start.js';
import {embeddedData, hostileNames} from '../support/html-report.js';
import {startCli} from '../support/run-cli.js';
import {providerOfFirstAccount, writeYamlConfig} from '../support/yaml-config.js';

/*
The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core. CI installs it and sets
TOKENKIT_TEST_BROWSER=required, so a missing browser fails there; on a machine without it these tests are skipped,
saying why. TOKENKIT_UPDATE_SCREENSHOT=1 writes the README's screenshot (docs/report.png) from the demo's report.
*/
const executablePath = '/usr/bin/chromium';
const available = existsSync(executablePath);
const required = process.env['TOKENKIT_TEST_BROWSER'] === 'required';
const skipNote = `${executablePath} is missing: install the chromium package (apt-get install chromium) to run the browser tests`;

let browser: Browser | undefined;
let simulators: RunningSimulators | undefined;
let reportUrl = '';
let reportHtml = '';
let directory = '';

beforeAll(async () => {
	if (!available) {
		// The reason, once, beside the count of skipped tests (each skip carries it too).
		process.stderr.write(`${required ? 'browser tests required, but' : 'browser tests skipped:'} ${skipNote}\n`);
		return;
	}

	browser = await chromium.launch({executablePath, args: ['--no-sandbox']});
	simulators = await startSimulators({vendors: ['mist', 'opal', 'launchdarkly', 'cloudflare'], tokens: 12, seed: 37, rateLimits: false});
	directory = await mkdtemp(join(tmpdir(), 'tokenkit-browser-'));
	const config = await writeYamlConfig(join(directory, 'tokenkit.yaml'), simulators);
	const mist = providerOfFirstAccount(simulators, 'mist');
	for (const hostile of hostileNames) {
		await mist.create({name: hostile, privileges: [{role: 'admin', scope: 'org', resource: null}]});
	}

	const cli = startCli(['report', '--html', 'report.html', '--quiet'], {env: config.env, cwd: directory});
	expect(await cli.done, cli.stderr()).toBe(0);
	reportUrl = pathToFileURL(join(directory, 'report.html')).href;
	reportHtml = await readFile(join(directory, 'report.html'), 'utf8');
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await simulators?.close();
});

interface Opened {
	readonly page: Page;
	/** Console messages of type error, uncaught exceptions, and every request the page made, whatever its address. */
	readonly problems: string[];
	readonly requests: string[];
}

async function open(colorScheme: 'light' | 'dark' = 'light'): Promise<Opened> {
	if (browser === undefined) {
		throw new Error('no browser');
	}

	const page = await browser.newPage({viewport: {width: 1280, height: 900}, colorScheme});
	const problems: string[] = [];
	const requests: string[] = [];
	page.on('console', message => {
		if (message.type() === 'error' || message.type() === 'warning') {
			problems.push(`${message.type()}: ${message.text()}`);
		}
	});
	page.on('pageerror', error => problems.push(`page error: ${error.message}`));
	page.on('request', request => requests.push(request.url()));
	await page.goto(reportUrl);
	await page.waitForSelector('#findings-rows tr');
	return {page, problems, requests};
}

/** Skips where no browser is installed, except where the browser tests are required (CI), which fails instead. */
function needBrowser(skip: (note: string) => never): void {
	if (!available) {
		if (required) {
			throw new Error(`TOKENKIT_TEST_BROWSER=required, but ${skipNote}`);
		}

		skip(skipNote);
	}
}

describe('the HTML report in Chromium', () => {
	it('opens from a file with no console error and no request but the file itself; no name ran as script', async ({skip}) => {
		needBrowser(skip);
		const {page, problems, requests} = await open();
		expect(problems).toEqual([]);
		expect(requests).toEqual([reportUrl]);
		expect(await page.evaluate(() => 'pwned' in globalThis)).toBe(false);
		// The hostile names are in the table as text.
		await page.fill('#tokens input', 'window.pwned');
		expect(await page.locator('#tokens-rows tr').count()).toBe(3);
		await page.close();
	});

	it('draws every chart with a size, and bars in it', async ({skip}) => {
		needBrowser(skip);
		const {page} = await open();
		const charts = page.locator('figure.chart');
		expect(await charts.count()).toBe(6);
		for (const id of ['tokens-by-vendor', 'findings-by-severity', 'findings-by-policy', 'age', 'last-use', 'expiring']) {
			const svg = page.locator(`figure[data-chart="${id}"] svg[role="img"]`);
			const box = await svg.boundingBox();
			expect(box?.width, id).toBeGreaterThan(100);
			expect(box?.height, id).toBeGreaterThan(20);
			const bars = svg.locator('rect.segment');
			expect(await bars.count(), id).toBeGreaterThan(0);
			expect((await bars.first().boundingBox())?.width, id).toBeGreaterThan(0);
		}

		await page.close();
	});

	it('sorts a table by a column, both ways, and filters it as one types', async ({skip}) => {
		needBrowser(skip);
		const {page} = await open();
		const data = embeddedData(reportHtml);
		const rows = page.locator('#findings-rows tr');
		expect(await rows.count()).toBe(data.findings.length);
		expect(await page.locator('#findings .count').textContent()).toBe(`${data.findings.length} of ${data.findings.length} rows`);

		const severities = async () => page.locator('#findings-rows tr td:first-child').allTextContents();
		const rank = (severity: string) => ['low', 'medium', 'high'].indexOf(severity);
		await page.click('#findings th[data-key="severity"] button');
		const descending = await severities();
		expect(descending.map(rank)).toEqual([...descending.map(rank)].sort((a, b) => b - a));
		expect(await page.getAttribute('#findings th[data-key="severity"]', 'aria-sort')).toBe('descending');
		await page.click('#findings th[data-key="severity"] button');
		const ascending = await severities();
		expect(ascending.map(rank)).toEqual([...ascending.map(rank)].sort((a, b) => a - b));
		expect(ascending[0]).toBe('low');

		await page.click('#tokens th[data-key="created"] button');
		const created = (await page.locator('#tokens-rows tr td:nth-child(6)').allTextContents()).filter(text => /^\d{4}-/.test(text));
		expect(created).toEqual([...created].sort());

		await page.fill('#findings input', 'opal stale');
		const expected = data.findings.filter(finding => finding.ref.startsWith('opal:') && JSON.stringify(finding).includes('stale')).length;
		expect(expected).toBeGreaterThan(0);
		expect(await rows.count()).toBe(expected);
		expect(await page.locator('#findings .count').textContent()).toBe(`${expected} of ${data.findings.length} rows`);
		await page.fill('#findings input', 'no such token anywhere');
		expect(await rows.count()).toBe(0);
		await page.fill('#findings input', '');
		expect(await rows.count()).toBe(data.findings.length);
		await page.close();
	});

	it('follows the system\'s dark mode, and prints without its controls', async ({skip}) => {
		needBrowser(skip);
		// Expressions run in the page, written as text: the tests are type-checked without the DOM's types.
		const background = async (page: Page) => String(await page.evaluate('getComputedStyle(document.body).backgroundColor'));
		const light = await open('light');
		const dark = await open('dark');
		expect(await background(light.page)).toBe('rgb(255, 255, 255)');
		expect(await background(dark.page)).toBe('rgb(13, 17, 23)');
		const barColour = async (page: Page) => String(await page.evaluate('getComputedStyle(document.querySelector(\'figure[data-chart="findings-by-severity"] rect.severity-high\')).fill'));
		expect(await barColour(dark.page)).not.toBe(await barColour(light.page));
		expect(dark.problems).toEqual([]);

		await dark.page.emulateMedia({media: 'print'});
		expect(await background(dark.page)).toBe('rgb(255, 255, 255)');
		expect(await dark.page.locator('#findings .controls').isVisible()).toBe(false);
		const pdf = await dark.page.pdf({format: 'A4'});
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		await light.page.close();
		await dark.page.close();
	});

	it('takes the screenshot the README shows', async ({skip}) => {
		needBrowser(skip);
		const update = process.env['TOKENKIT_UPDATE_SCREENSHOT'] === '1';
		const target = update ? new URL('../../docs/report.png', import.meta.url).pathname : join(directory, 'report.png');
		const demo = startCli(['report', '--demo', '--html', 'demo.html', '--quiet'], {cwd: directory});
		expect(await demo.done).toBe(0);
		if (browser === undefined) {
			throw new Error('no browser');
		}

		const page = await browser.newPage({viewport: {width: 1280, height: 1100}, colorScheme: 'light'});
		await page.goto(pathToFileURL(join(directory, 'demo.html')).href);
		await page.screenshot({path: target});
		expect((await stat(target)).size).toBeGreaterThan(20_000);
		await page.close();
	});
});
