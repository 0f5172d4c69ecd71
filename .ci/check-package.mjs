// Checks the package as it would be published: publint (package.json against the files), Are The Types Wrong
// (the types resolve for every entry), the packed `tokenkit` command running, and a consumer project without
// @types/node that type-checks a script against the packed `tokenkit` entry. Run from the repository root after a
// build: `npm run check:package`.
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const root = resolve(import.meta.dirname, '..');
const bin = name => join(root, 'node_modules', '.bin', name);
const run = (command, args, options = {}) => {
	console.log(`$ ${[command, ...args].join(' ')}`);
	execFileSync(command, args, {stdio: 'inherit', cwd: root, ...options});
};

run(bin('publint'), ['--strict']);
run(bin('attw'), ['--pack', '.', '--profile', 'esm-only']);

const work = mkdtempSync(join(tmpdir(), 'tokenkit-consumer-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {cwd: root, encoding: 'utf8'}).trim().split('\n').at(-1);
	const modules = join(work, 'node_modules');
	mkdirSync(join(modules, 'tokenkit'), {recursive: true});
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', join(modules, 'tokenkit'), '--strip-components', '1']);
	// The runtime dependencies, as npm would install them beside tokenkit; deliberately no @types/node.
	const {dependencies} = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	for (const name of Object.keys(dependencies)) {
		mkdirSync(join(modules, name, '..'), {recursive: true});
		symlinkSync(join(root, 'node_modules', name), join(modules, name));
	}

	// The command as `npx tokenkit` runs it: the file the packed package.json's `bin` names, with only the packed files
	// and the runtime dependencies beside it (a chunk left out, or a package the bundle expects, fails here).
	const packed = JSON.parse(readFileSync(join(modules, 'tokenkit', 'package.json'), 'utf8'));
	const command = join(modules, 'tokenkit', packed.bin.tokenkit);
	const version = execFileSync(process.execPath, [command, '--version'], {cwd: work, encoding: 'utf8'}).trim();
	if (version !== packed.version) {
		throw new Error(`the packed command says it is version "${version}", package.json says ${packed.version}`);
	}

	const {tokens} = JSON.parse(execFileSync(process.execPath, [command, 'inventory', '--demo', '--format', 'json', '--quiet'], {cwd: work, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024}));
	console.log(`the packed command (${packed.bin.tokenkit}) runs: tokenkit ${version}; inventory --demo listed ${tokens.length} tokens`);

	writeFileSync(join(work, 'package.json'), JSON.stringify({name: 'consumer', private: true, type: 'module'}));
	writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
		compilerOptions: {target: 'ES2023', lib: ['ES2023', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [], skipLibCheck: false, noEmit: true},
		files: ['script.ts'],
	}));
	writeFileSync(join(work, 'script.ts'), `
import {createOpalProvider, diffRuns, isRateLimitError, openHistory, providersFromConfig, tokenToJSON, type RunDiff, type Token} from 'tokenkit';
import {startSimulators} from 'tokenkit/simulators';

const simulators = await startSimulators({vendors: ['opal'], tokens: 3});
await simulators.close();

const provider = createOpalProvider({apiKey: 'k', account: 'opal-prod'});
const providers = await providersFromConfig('tokenkit.yaml');
const seen: Token[] = [];
try {
	for await (const token of provider.list()) seen.push(token);
} catch (error) {
	if (isRateLimitError(error)) console.log(error.retryAt?.toISOString(), providers.length);
}
console.log(seen.map(tokenToJSON));

// The report renderers, with no Node types in sight: SARIF, OpenMetrics and the HTML page.
import {auditDefaults, auditSarifWriter, openMetricsWriter, renderHtmlReport, summarizeAudit, type TokenAudit} from 'tokenkit';
const audits: TokenAudit[] = seen.map(token => ({token, findings: []}));
const chunks: string[] = [renderHtmlReport({audits, outcomes: [], generatedAt: new Date()})];
openMetricsWriter(text => chunks.push(text)).finish([]);
auditSarifWriter(text => chunks.push(text), {auditedAt: new Date(), settings: auditDefaults, failOn: null}).finish(summarizeAudit(audits), []);
console.log(chunks.join('').length);
const history = await openHistory({url: 'postgres://tokenkit@db.example.com/tokenkit', password: 'from-a-vault'});
const diff: RunDiff = await diffRuns(history, {from: new Date('2026-01-01T00:00:00Z')});
console.log(diff.tokens.map(entry => entry.changes.map(change => change.kind)));
await history.close();
`);
	run(bin('tsc'), ['-p', join(work, 'tsconfig.json')]);
	console.log('a consumer without @types/node type-checks against the packed package');
} finally {
	rmSync(work, {recursive: true, force: true});
}
