import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../engine/paths.js';

/** The composition root (with the infrastructure it connects) and the workers' wiring may name adapters; nothing else in engine/ or workers/ may. */
const wiring = new Set(['engine/ordo.ts', 'engine/infrastructure.ts', 'engine/main.ts', 'workers/index.ts']);

/** The .ts files under engine/ and workers/ (wiring excepted) that import from `adapters/<system>/`. */
function importersOf(system: string): string[] {
  const files = ['engine', 'workers'].flatMap((dir) => readdirSync(path.join(packageRoot, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)));
  return files
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !wiring.has(file))
    .filter((file) => {
      const source = readFileSync(path.join(packageRoot, file), 'utf8');
      return [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)].some((m) => {
        const target = path.relative(packageRoot, path.resolve(packageRoot, path.dirname(file), m[1]!)).split(path.sep).join('/');
        return target.startsWith(`adapters/${system}/`);
      });
    });
}

/** Each external system sits behind a port its engine capability owns: the engine and the workers name the port, not the adapter. */
describe('adapter boundaries', () => {
  it('payment provider: only the composition root imports adapters/payment/', () => {
    expect(importersOf('payment'), 'import the port engine/payments/payment-provider.ts instead').to.deep.equal([]);
  });
  it('Salesforce CPQ and the remote TMF620 catalog: only the composition root imports adapters/salesforce/ and adapters/tmf620/', () => {
    expect(importersOf('salesforce'), 'import the port engine/cpq/cpq-system.ts instead').to.deep.equal([]);
    expect(importersOf('tmf620'), 'import the port engine/catalog/catalog-source.ts instead').to.deep.equal([]);
  });
  it('activation gateway and ServiceNow: only the composition root imports adapters/activation/ and adapters/servicenow/', () => {
    expect(importersOf('activation'), 'import the port engine/activation/activation-gateway.ts instead').to.deep.equal([]);
    expect(importersOf('servicenow'), 'import the port engine/fallout/incident-desk.ts instead').to.deep.equal([]);
  });
});
