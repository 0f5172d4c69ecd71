/**
The floor of the start-up scenario (scenarios/startup.ts): a Node process that does nothing but send one request,
`await fetch(url)`, to the address on its command line. No program that sends HTTP from Node can ask sooner.
*/
const url = process.argv[2];
if (url === undefined) {
	throw new Error('fetch-once-child: needs the URL to fetch');
}

await fetch(url);
