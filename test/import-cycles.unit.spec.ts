import path from 'node:path';
import { expect } from 'chai';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { packageRoot } from '../engine/paths.js';

/** The TypeScript sources under these folders, read by dpdm (which resolves `./x.js` to `./x.ts` as tsc does). */
const sourcesOf = (dirs: string[]) => dirs.map((dir) => path.join(packageRoot, dir, '**', '*.ts'));

/**
 * Import loops through a module under `dirs` (dpdm follows imports out of them too), each as the
 * chain of files; `typesToo`: imports used only as types count as well.
 */
async function importLoops(dirs: string[], typesToo: boolean): Promise<string[]> {
  // transform: dpdm compiles each file first, so imports used only as types are gone, as in dist/.
  const tree = await parseDependencyTree(sourcesOf(dirs), { context: packageRoot, tsconfig: path.join(packageRoot, 'tsconfig.json'), transform: !typesToo });
  return parseCircular(tree)
    .filter((loop) => loop.some((file) => dirs.some((dir) => file.startsWith(`${dir}/`))))
    .map((loop) => loop.join(' -> '));
}

describe('import cycles', () => {
  it('no module imports itself at run time, through any chain (engine, workers, adapters, compose, tests, benchmarks)', async () => {
    expect(await importLoops(['engine', 'workers', 'adapters', 'compose', 'test', 'bench'], false), 'break the loop: move what both sides need into a module of its own').to.deep.equal([]);
  });

  it('engine/ and workers/ have no import loop even through type imports (the order record once had one)', async () => {
    expect(await importLoops(['engine', 'workers'], true), 'types shared both ways belong in a module neither side imports back').to.deep.equal([]);
  });
});
