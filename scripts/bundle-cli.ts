import {rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {buildCliBundle, cliBundle} from './cli-bundle.js';

/*
The build's second step, after tsc (`npm run build`): writes the bundled `tokenkit` command to dist/cli/. The
directory is emptied first: chunk names carry a hash of their content, and a chunk of an earlier build would
otherwise stay behind and be published.
*/

await rm(join(cliBundle.root, cliBundle.directory), {recursive: true, force: true});
const {metafile} = await buildCliBundle({write: true});
await writeFile(join(cliBundle.root, cliBundle.metafile), JSON.stringify(metafile));
