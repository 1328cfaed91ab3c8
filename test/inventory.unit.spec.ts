import { expect } from 'chai';
import { InventoryError } from '../engine/inventory/inventory-error.js';
import { generatePool } from '../engine/inventory/generate-pool.js';
import { parseNumberFile } from '../engine/inventory/load-pool.js';
import { patternRegex, preferenceRegexes } from '../engine/inventory/number-preference.js';
import { luhnCheckDigit, numberProblem } from '../engine/inventory/resource-numbers.js';
import { reservationKeyOf, withCharacteristic } from '../engine/inventory/resource.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof InventoryError ? err.code : `not an InventoryError: ${(err as Error).message}`;
  }
  return 'no error';
};

describe('engine/inventory numbers, preferences and files', () => {
  describe('pattern', () => {
    it('becomes an anchored regex over the whole number: ? one digit, * any run of digits', () => {
      const golden = patternRegex('*7777');
      expect(golden.source).to.equal('^\\d*7777$');
      expect(golden.test('41791237777')).to.equal(true);
      expect(golden.test('41797777123')).to.equal(false);
      const shaped = patternRegex('4179??00*');
      expect(shaped.test('417912001')).to.equal(true);
      expect(shaped.test('4179120')).to.equal(false);
      expect(shaped.test('x4179120000')).to.equal(false);
      expect(patternRegex('41**7').source, 'runs of * are one').to.equal('^41\\d*7$');
    });

    it('refuses anything but digits, ? and *, so client text never reaches a regex', () => {
      for (const bad of ['41.*', '4179|1', '(41)', '41\\d', '', '41 79', '[0-9]', '41+']) expect(code(() => patternRegex(bad)), bad).to.equal('INVALID_RESOURCE_PREFERENCE');
      expect(code(() => patternRegex('1*2*3*4*5')), 'too many *').to.equal('INVALID_RESOURCE_PREFERENCE');
      expect(code(() => patternRegex('1'.repeat(21))), 'longer than a number').to.equal('INVALID_RESOURCE_PREFERENCE');
    });

    it('combines with a digits-only prefix', () => {
      const regexes = preferenceRegexes({ prefix: '4179', pattern: '*00' });
      expect(regexes.map((r) => r.source)).to.deep.equal(['^4179', '^\\d*00$']);
      expect(preferenceRegexes({})).to.deep.equal([]);
      for (const bad of ['41a', '', '^41', '4'.repeat(16)]) expect(code(() => preferenceRegexes({ prefix: bad })), bad).to.equal('INVALID_RESOURCE_PREFERENCE');
    });
  });

  describe('numbers', () => {
    it('computes the Luhn check digit', () => {
      expect(luhnCheckDigit('7992739871')).to.equal(3);
      expect(luhnCheckDigit('411111111111111')).to.equal(1);
      // An ICCID as printed on a SIM card, check digit last.
      expect(luhnCheckDigit('8901410321111851072')).to.equal(0);
    });

    it('validates MSISDNs (E.164 without +) and ICCIDs (89..., Luhn)', () => {
      expect(numberProblem('msisdn', '41791234567')).to.equal(undefined);
      for (const bad of ['0791234567', '+41791234567', '4179', '4179123456789012', '4179x234567']) expect(numberProblem('msisdn', bad), bad).to.be.a('string');
      const body = '8941010000000000001';
      const iccid = `${body}${luhnCheckDigit(body)}`;
      expect(numberProblem('iccid', iccid)).to.equal(undefined);
      expect(numberProblem('iccid', `${body}${(luhnCheckDigit(body) + 1) % 10}`)).to.match(/Luhn/);
      expect(numberProblem('iccid', '1234567890123456789')).to.match(/89/);
    });

    it('generates consecutive valid MSISDNs and ICCIDs', () => {
      const msisdns = [...generatePool({ kind: 'msisdn', count: 3, prefix: '4179', start: 9_999_998 - 1 })].map((r) => r.number);
      expect(msisdns).to.deep.equal(['41799999997', '41799999998', '41799999999']);
      expect(() => [...generatePool({ kind: 'msisdn', count: 3, prefix: '4179', start: 9_999_998 })]).to.throw(/room for 10000000/);
      const iccids = [...generatePool({ kind: 'iccid', count: 1000, prefix: '894101', category: 'standard' })];
      expect(iccids).to.have.length(1000);
      for (const { number, category } of iccids) {
        expect(number).to.have.length(20);
        expect(numberProblem('iccid', number), number).to.equal(undefined);
        expect(category).to.equal('standard');
      }
      expect(() => [...generatePool({ kind: 'iccid', count: 1, prefix: '41' })]).to.throw(/89/);
    });
  });

  describe('numbers files', () => {
    it('reads CSV with or without a number,category header', () => {
      expect(parseNumberFile('number,category\n41790000001\n41790000002,golden\n\n', 'msisdn')).to.deep.equal({
        records: [{ number: '41790000001', at: 2 }, { number: '41790000002', category: 'golden', at: 3 }],
        problems: [],
      });
      expect(parseNumberFile('\uFEFF41790000001\r\n41790000002\r\n', 'msisdn').records.map((r) => r.number)).to.deep.equal(['41790000001', '41790000002']);
      expect(parseNumberFile('41790000001,golden,extra', 'msisdn').problems).to.have.length(1);
    });

    it('reads JSON arrays of numbers and of partial TMF639 resources', () => {
      const { records, problems } = parseNumberFile(JSON.stringify([
        '41790000001',
        41790000002,
        { '@type': 'LogicalResource', value: '41790000003', category: 'golden', resourceCharacteristic: [{ name: 'tier', value: 'gold' }], resourceStatus: 'reserved' },
        { '@type': 'PhysicalResource', serialNumber: 'x' },
        { value: '41790000004', administrativeState: 'sideways' },
        true,
      ]), 'msisdn');
      expect(records.map((r) => [r.number, r.category ?? null, r.at])).to.deep.equal([['41790000001', null, 1], ['41790000002', null, 2], ['41790000003', 'golden', 3]]);
      expect(records[2]!.attributes, 'states are set by the load').to.deep.equal({ value: '41790000003', category: 'golden', resourceCharacteristic: [{ name: 'tier', value: 'gold' }] });
      expect(problems.map((p) => p.at)).to.deep.equal([4, 5, 6]);
      expect(problems[1]!.message).to.match(/administrativeState/);
    });

    it('refuses JSON numbers that lost digits', () => {
      const { records, problems } = parseNumberFile('[89410100000000000016]', 'iccid');
      expect(records).to.deep.equal([]);
      expect(problems[0]!.message).to.match(/as a string/);
    });
  });

  it('keys a hold by order, item and role without ambiguity', () => {
    expect(reservationKeyOf('o1', 'a/b', 'msisdn')).to.not.equal(reservationKeyOf('o1/a', 'b', 'msisdn'));
    expect(withCharacteristic([{ name: 'a', value: 1 }, { name: 'b', value: 2 }], 'a', 'x')).to.deep.equal([{ name: 'a', value: 'x', valueType: 'string' }, { name: 'b', value: 2 }]);
  });
});
