import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../clock/civil-date.ts';
import { RATE_DEFINITION, type RateUnit, type TransferFact, collaborationRates, receiving } from './rate.ts';

const day = (s: string) => parseIsoDate(s)!;
const units: RateUnit[] = [
  { id: 'police-a', name: '青山县公安局', nameEn: 'Qingshan County Public Security Bureau', agency: 'police', regionCode: '990102', countyCode: '990102', countyName: '青山县', countyNameEn: 'Qingshan County' },
  { id: 'proc-a', name: '青山县人民检察院', nameEn: "Qingshan County People's Procuratorate", agency: 'procuratorate', regionCode: '990102', countyCode: '990102', countyName: '青山县', countyNameEn: 'Qingshan County' },
  { id: 'police-b', name: '河西县公安局', nameEn: 'Hexi County Public Security Bureau', agency: 'police', regionCode: '990103', countyCode: '990103', countyName: '河西县', countyNameEn: 'Hexi County' },
];
// 2026-03-02 10:00 CST is 02:00 UTC
const tr = (over: Partial<TransferFact>): TransferFact => ({
  senderUnitId: 'police-a',
  receiverUnitId: 'proc-a',
  sentAt: '2026-03-02T02:00:00.000Z',
  onPaper: false,
  state: 'accepted',
  receivedAt: '2026-03-02T03:00:00.000Z',
  ...over,
});
const opts = { fromDay: day('2026-03-01'), toDay: day('2026-03-31'), days: 3, todayDay: day('2026-04-10') };

describe('receiving within N days', () => {
  it('counts calendar days in China Standard Time, the N-th day after the day sent included', () => {
    // sent 2026-03-02 23:30 CST (15:30 UTC); received 2026-03-05 23:59 CST: day 3 after, in time
    const t = tr({ sentAt: '2026-03-02T15:30:00.000Z', receivedAt: '2026-03-05T15:59:00.000Z' });
    expect(receiving(t, 3, day('2026-04-01'))).toBe('in-time');
    // 2026-03-06 00:00 CST is day 4 after
    expect(receiving({ ...t, receivedAt: '2026-03-05T16:00:00.000Z' }, 3, day('2026-04-01'))).toBe('late');
    // N = 0: the same CST day only; a UTC day boundary in between does not matter
    const sameDay = tr({ sentAt: '2026-03-02T00:30:00.000Z', receivedAt: '2026-03-02T15:59:00.000Z' });
    expect(receiving(sameDay, 0, day('2026-04-01'))).toBe('in-time');
    expect(receiving({ ...sameDay, receivedAt: '2026-03-02T16:00:00.000Z' }, 0, day('2026-04-01'))).toBe('late');
  });

  it('a waiting transfer is pending until its N days have run out, then late; returned or on paper is never in time', () => {
    const waiting = tr({ state: 'sent', receivedAt: null });
    expect(receiving(waiting, 3, day('2026-03-05'))).toBe('pending');
    expect(receiving(waiting, 3, day('2026-03-06'))).toBe('late');
    expect(receiving(tr({ state: 'returned' }), 3, day('2026-03-02'))).toBe('late');
    expect(receiving(tr({ onPaper: true }), 3, day('2026-04-01'))).toBe('late');
    // an answered request counts as received when it was (or, answered directly, when the answer was sent)
    expect(receiving(tr({ state: 'answered', receivedAt: '2026-03-04T02:00:00.000Z' }), 3, day('2026-04-01'))).toBe('in-time');
  });
});

describe('collaboration rates', () => {
  it('sent online counts for the sender, received within N days for the receiver, each with numerator and denominator', () => {
    const transfers = [
      tr({}),
      tr({ onPaper: true }),
      tr({ receivedAt: '2026-03-10T02:00:00.000Z' }),
      tr({ state: 'returned' }),
      tr({ senderUnitId: 'proc-a', receiverUnitId: 'police-a', state: 'sent', receivedAt: null, sentAt: '2026-03-31T02:00:00.000Z' }),
    ];
    const { items, total } = collaborationRates(transfers, units, { ...opts, todayDay: day('2026-04-01') }, 'unit');
    const police = items.find((r) => r.key === 'police-a')!;
    expect(police).toMatchObject({ sent: 4, sentOnline: 3, sentOnlineRate: 0.75, received: 0, receivedInTime: 0, receivedPending: 1, receivedInTimeRate: null, agency: 'police', units: 1 });
    const proc = items.find((r) => r.key === 'proc-a')!;
    // received: 4 judged (the returned one included), 1 online in time
    expect(proc).toMatchObject({ sent: 1, sentOnline: 1, sentOnlineRate: 1, received: 4, receivedInTime: 1, receivedInTimeRate: 0.25, receivedPending: 0 });
    expect(items.find((r) => r.key === 'police-b')).toMatchObject({ sent: 0, sentOnlineRate: null, received: 0, receivedInTimeRate: null });
    expect(total).toMatchObject({ sent: 5, sentOnline: 4, sentOnlineRate: 0.8, received: 4, receivedInTime: 1, receivedPending: 1 });
  });

  it('the period is by CST day sent, both ends included', () => {
    const edge = [
      tr({ sentAt: '2026-02-28T15:59:59.000Z' }), // 2026-02-28 23:59:59 CST: before
      tr({ sentAt: '2026-02-28T16:00:00.000Z' }), // 2026-03-01 00:00 CST: in
      tr({ sentAt: '2026-03-31T15:59:59.000Z' }), // 2026-03-31 23:59:59 CST: in
      tr({ sentAt: '2026-03-31T16:00:00.000Z' }), // 2026-04-01 CST: after
    ];
    expect(collaborationRates(edge, units, opts, 'unit').total.sent).toBe(2);
  });

  it('a county adds up its units\' numerators and denominators (not their rates); transfers with units outside count for the units inside only', () => {
    const transfers = [
      tr({}),
      tr({ onPaper: true }),
      tr({ senderUnitId: 'proc-a', receiverUnitId: 'police-a', state: 'accepted', receivedAt: '2026-03-02T05:00:00.000Z' }),
      tr({ senderUnitId: 'police-b', receiverUnitId: 'elsewhere', onPaper: true }),
      tr({ senderUnitId: 'elsewhere', receiverUnitId: 'police-b', receivedAt: '2026-03-20T02:00:00.000Z' }),
    ];
    const { items } = collaborationRates(transfers, units, opts, 'county');
    expect(items.map((r) => r.key)).toEqual(['990102', '990103']);
    expect(items[0]).toMatchObject({ name: '青山县', nameEn: 'Qingshan County', agency: null, units: 2, sent: 3, sentOnline: 2, sentOnlineRate: 0.6667, received: 3, receivedInTime: 2, receivedInTimeRate: 0.6667 });
    expect(items[1]).toMatchObject({ name: '河西县', units: 1, sent: 1, sentOnline: 0, sentOnlineRate: 0, received: 1, receivedInTime: 0, receivedInTimeRate: 0 });
  });

  it('nothing in scope: empty items, null rates', () => {
    expect(collaborationRates([tr({})], [], opts, 'county')).toEqual({
      items: [],
      total: { sent: 0, sentOnline: 0, sentOnlineRate: null, received: 0, receivedInTime: 0, receivedPending: 0, receivedInTimeRate: null },
    });
  });

  it('the definition names N in both languages', () => {
    expect(RATE_DEFINITION(3).zh).toContain('第3个自然日');
    expect(RATE_DEFINITION(3).en).toContain('3 calendar day(s)');
    expect(RATE_DEFINITION(0).zh).toContain('当日');
  });
});
