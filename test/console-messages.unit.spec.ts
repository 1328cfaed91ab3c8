import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../engine/paths.js';

const consoleDir = path.join(packageRoot, 'console');
const catalogue = (code: string) => JSON.parse(readFileSync(path.join(consoleDir, 'messages', `${code}.json`), 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const sources = readdirSync(path.join(consoleDir, 'src')).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(path.join(consoleDir, 'src', f), 'utf8'));

/** Every string of the console comes from one catalogue per language; each language has every message. */
describe('console: translations', () => {
  const languages = readdirSync(path.join(consoleDir, 'messages')).map((f) => f.replace(/\.json$/, ''));
  const en = catalogue('en');

  it('speaks English and at least one more language', () => {
    expect(languages).to.include('en');
    expect(languages.length).to.be.greaterThan(1);
  });

  for (const code of languages.filter((c) => c !== 'en')) {
    it(`${code}: the same messages as English, each with the same placeholders, none left empty`, () => {
      const other = catalogue(code);
      expect(Object.keys(other).sort()).to.deep.equal(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect(placeholders(other[key]!), key).to.deep.equal(placeholders(text));
        expect(other[key]!.trim(), key).to.not.equal('');
      }
    });
  }

  it('every message the code names is in the catalogue, and every message in the catalogue is used', () => {
    const named = new Set<string>();
    for (const source of sources) {
      for (const m of source.matchAll(/\bt\(\s*'([\w.]+)'/g)) named.add(m[1]!);
      for (const m of source.matchAll(/\bplural\(\s*'([\w.]+)'/g)) ['one', 'other'].forEach((form) => named.add(`${m[1]}.${form}`));
      for (const m of source.matchAll(/empty="([\w.]+)"/g)) named.add(m[1]!);
      for (const m of source.matchAll(/'((?:order|orders|catalog|inventory)\.[\w.]+)'/g)) named.add(m[1]!);
    }
    const missing = [...named].filter((key) => !(key in en) && !(`${key}.other` in en));
    expect(missing, 'named in the code but not in messages/en.json').to.deep.equal([]);
    // Keys built at run time: states, resolutions, child order kinds, actions.
    const built = /^((state|event|action|payment|role|pool)\.|order\.resolve\.(retry|skip|fail)$|order\.children\.(serviceOrder|resourceOrder)$|order\.(cancel|freeze|unfreeze)\.(confirm|reason)$)/;
    const unused = Object.keys(en).filter((key) => !named.has(key) && !built.test(key));
    expect(unused, 'in messages/en.json but never used').to.deep.equal([]);
  });
});
