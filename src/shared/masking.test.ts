import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { maskName, maskPhone, maskResidentId, validatePhone } from './masking.ts';

const maskers = { maskResidentId, maskPhone, maskName } as const;

// Any text without the mask character itself, from ASCII, CJK and astral (surrogate-pair) characters.
const unmaskedTextArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(...'0123456789X-'),
      fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)),
      fc.integer({ min: 0x20000, max: 0x2a6df }).map((c) => String.fromCodePoint(c)),
      fc.string({ minLength: 1, maxLength: 1 }).filter((c) => c !== '*'),
    ),
    { minLength: 2, maxLength: 30 },
  )
  .map((chars) => chars.join(''));

describe('maskResidentId', () => {
  it('keeps the address code and the last 4', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
  });

  it('masks first-generation 15-digit numbers too', () => {
    expect(maskResidentId('110105491231002')).toBe('110105*****1002');
  });

  it('hides at least a third of a value too short to be an ID', () => {
    expect(maskResidentId('1234567890')).toBe('123****890');
    expect(maskResidentId('12')).toBe('**');
    expect(maskResidentId('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('keeps 3 + last 4 of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it.each([
    ['0311-12345678', '0311-****5678'],
    ['010-1234567', '010-***4567'],
    ['031112345678', '0311****5678'],
    ['02112345678', '021****5678'],
    ['0101234567', '010***4567'],
  ])('keeps the area code and last 4 of the landline %s', (input, masked) => {
    expect(maskPhone(input)).toBe(masked);
  });

  it('still masks a value that is no phone number', () => {
    expect(maskPhone('+86 138 1234 5678')).toBe('+86**********5678');
  });
});

describe('maskName', () => {
  it('keeps the first character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳修')).toBe('欧**');
  });

  it('counts a character outside the BMP as one', () => {
    expect(maskName('𠮷大')).toBe('𠮷*');
    expect(maskName('王𠮷')).toBe('王*');
  });

  it('hides a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
  });
});

describe('all maskers', () => {
  it.each(Object.entries(maskers))('%s passes null and undefined through as null', (_, mask) => {
    expect(mask(null)).toBeNull();
    expect(mask(undefined)).toBeNull();
  });

  it.each(Object.entries(maskers))('%s never returns an input of 2+ characters whole', (_, mask) => {
    fc.assert(
      fc.property(unmaskedTextArb, (s) => {
        const masked = mask(s);
        expect(masked).not.toBe(s);
        expect(Array.from(masked).length).toBe(Array.from(s).length);
      }),
    );
  });

  it('masks every valid mobile as 3 + 4 stars + 4', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        expect(maskPhone(phone)).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
      }),
    );
  });
});

describe('validatePhone', () => {
  it.each(['13812345678', '19912345678', '13000000000'])('accepts the mobile %s', (s) => {
    expect(validatePhone(s)).toBe(true);
  });

  it.each(['0311-12345678', '010-1234567', '031112345678', '0101234567', '0755-8765432'])(
    'accepts the landline %s',
    (s) => {
      expect(validatePhone(s)).toBe(true);
    },
  );

  it.each([
    ['', 'empty'],
    ['12812345678', 'mobile second digit 2'],
    ['1381234567', 'mobile too short'],
    ['138123456789', 'mobile too long'],
    ['138-1234-5678', 'hyphenated mobile'],
    ['+8613812345678', 'country code'],
    ['311-12345678', 'landline without trunk 0'],
    ['0311-123456', 'subscriber number too short'],
    ['0311-123456789', 'subscriber number too long'],
    ['0311--12345678', 'double hyphen'],
    [' 13812345678', 'leading space'],
  ])('rejects %j (%s)', (s) => {
    expect(validatePhone(s)).toBe(false);
  });

  it('accepts every number of the mobile pattern', () => {
    fc.assert(fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (s) => validatePhone(s)));
  });
});
