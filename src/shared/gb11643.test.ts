import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { residentIdCheckChar, validateResidentId } from './gb11643.ts';

const TODAY = new Date('2025-06-15T12:00:00+08:00');

/** A valid number from its parts, completed with the check character. */
function makeId(address: string, birth: string, sequence: string): string {
  const first17 = `${address}${birth}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const validIdArb = fc
  .record({
    address: fc.integer({ min: 110000, max: 999999 }),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-06-14T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ address, birth, sequence }) => {
    const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
    return makeId(String(address), ymd, pad(sequence, 3));
  });

describe('residentIdCheckChar', () => {
  it('matches the worked example of GB 11643-1999 (11010519491231002X)', () => {
    // Hand check: 1*7 + 1*9 + 0*10 + 1*5 + 0*8 + 5*4 + 1*2 + 9*1 + 4*6 + 9*3 + 1*7 + 2*9 + 3*10
    //   + 1*5 + 0*8 + 0*4 + 2*2 = 167; 167 mod 11 = 2; map[2] = 'X'.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('matches the second example of GB 11643-1999 (440524188001010014)', () => {
    // Hand check: 4*7 + 4*9 + 0*10 + 5*5 + 2*8 + 4*4 + 1*2 + 8*1 + 8*6 + 0*3 + 0*7 + 1*9 + 0*10
    //   + 1*5 + 0*8 + 0*4 + 1*2 = 195; 195 mod 11 = 8; map[8] = '4'.
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('rejects anything but 17 digits', () => {
    expect(() => residentIdCheckChar('1101051949123100')).toThrow();
    expect(() => residentIdCheckChar('1101051949123100A')).toThrow();
  });
});

describe('validateResidentId', () => {
  it('accepts the published example and normalises a lower-case x', () => {
    expect(validateResidentId('11010519491231002X', TODAY)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(validateResidentId('11010519491231002x', TODAY)).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it('accepts numbers built with the check function', () => {
    const id = makeId('990102', '19800229', '123');
    expect(validateResidentId(id, TODAY)).toEqual({ ok: true, value: id });
  });

  it('rejects the 1880 example on its birth date although its check digit is right', () => {
    expect(validateResidentId('440524188001010014', TODAY)).toEqual({ ok: false, reason: 'birth-date' });
  });

  it('reports length before anything else', () => {
    expect(validateResidentId('', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(validateResidentId('11010519491231002', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(validateResidentId('11010519491231002X0', TODAY)).toEqual({ ok: false, reason: 'length' });
    // 15-digit first-generation numbers are not accepted.
    expect(validateResidentId('110105491231002', TODAY)).toEqual({ ok: false, reason: 'length' });
  });

  it('rejects non-digits and an X anywhere but the end', () => {
    expect(validateResidentId('1101051949123100XX', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(validateResidentId('11010519491231002Y', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(validateResidentId('11010519491231 02X', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(validateResidentId('１１010519491231002X', TODAY)).toEqual({ ok: false, reason: 'format' });
  });

  it.each([
    ['19810229', 'not a leap year'],
    ['19800230', 'no 30 February'],
    ['19801301', 'month 13'],
    ['19800001', 'month 0'],
    ['19800100', 'day 0'],
    ['19800431', 'no 31 April'],
    ['18991231', 'before 1900'],
    ['20250616', 'tomorrow'],
  ])('rejects birth date %s (%s)', (birth) => {
    expect(validateResidentId(makeId('990102', birth, '001'), TODAY)).toEqual({ ok: false, reason: 'birth-date' });
  });

  it('accepts 29 February of a leap year, 1 January 1900 and today', () => {
    for (const birth of ['20000229', '19000101', '20250615']) {
      expect(validateResidentId(makeId('990102', birth, '001'), TODAY).ok).toBe(true);
    }
  });

  it('takes "today" as the calendar day in China, not in UTC', () => {
    // 2025-06-15 20:00 UTC is already 2025-06-16 in Beijing.
    const lateUtc = new Date('2025-06-15T20:00:00Z');
    expect(validateResidentId(makeId('990102', '20250616', '001'), lateUtc).ok).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(validateResidentId('110105194912310021', TODAY)).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('passes every generated valid number', () => {
    fc.assert(
      fc.property(validIdArb, (id) => {
        expect(validateResidentId(id, TODAY)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('fails when any one digit of a valid number is changed', () => {
    const arb = fc.tuple(validIdArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 9 }));
    fc.assert(
      fc.property(arb, ([id, position, delta]) => {
        const chars = [...id];
        const values = '0123456789X';
        // The check position may hold X; the other positions only digits.
        const alphabet = position === 17 ? values : values.slice(0, 10);
        const current = alphabet.indexOf(chars[position]!);
        chars[position] = alphabet[(current + delta) % alphabet.length]!;
        expect(validateResidentId(chars.join(''), TODAY).ok).toBe(false);
      }),
    );
  });
});
