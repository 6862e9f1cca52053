/**
 * The collaboration rate (协同率): how much of the units' hand-over work went online, over a period. Pure: the
 * rows arrive already gathered (src/modules/collaboration/), the arithmetic and the definition live here.
 *
 * Two figures per unit, each a share with its numerator and denominator:
 * - sent online (在线移送率), counted for the SENDER: of the transfers the unit sent in the period, those sent
 *   online (not recorded as a hand-over on paper);
 * - received online within N days (按时在线接收率), counted for the RECEIVER: of the transfers addressed to the
 *   unit in the period, those sent online that it received (accepted, or answered at once) no later than the
 *   N-th calendar day after the day they were sent, in China Standard Time (N = 0: the same day). A transfer
 *   still waiting whose N days have not run out yet cannot be judged and is left out (counted as pending); one
 *   returned unreceived, received late, or still waiting after N days counts against the receiver.
 * A transfer belongs to the period when the CST day it was sent falls within [from, to], both days included.
 * A group (a county) adds up its units' numerators and denominators; a share with no denominator is null.
 */
import { cstDayOf } from '../clock/civil-date.ts';

/** One transfer, as the SQL gathers it. */
export interface TransferFact {
  senderUnitId: string;
  receiverUnitId: string;
  /** ISO moment it was sent. */
  sentAt: string;
  onPaper: boolean;
  state: 'sent' | 'accepted' | 'returned' | 'answered';
  /** When the receiver received it: its acceptance, or for a request answered without one, the answer. */
  receivedAt: string | null;
}

/** A unit the caller may see, with the county (or, above counties, the region) it is counted under. */
export interface RateUnit {
  id: string;
  name: string;
  nameEn: string;
  agency: string;
  regionCode: string;
  countyCode: string;
  countyName: string;
  countyNameEn: string;
}

export interface RateOptions {
  /** First and last day of the period, as CST day numbers (civil-date.ts). */
  fromDay: number;
  toDay: number;
  /** N: received within this many calendar days after the day sent. */
  days: number;
  /** Today, as a CST day number: a transfer still waiting and not yet N days old is pending. */
  todayDay: number;
}

export interface RateFigures {
  sent: number;
  sentOnline: number;
  /** sentOnline / sent, or null when nothing was sent. */
  sentOnlineRate: number | null;
  /** The denominator of the receiving share: transfers addressed to the unit, pending ones left out. */
  received: number;
  receivedInTime: number;
  /** Addressed to the unit, still waiting, and within their N days: not judged yet. */
  receivedPending: number;
  /** receivedInTime / received, or null when there is nothing to judge. */
  receivedInTimeRate: number | null;
}

export interface RateRow extends RateFigures {
  /** The unit's id, or the county's code. */
  key: string;
  name: string;
  nameEn: string;
  regionCode: string;
  /** The unit's agency; null for a county. */
  agency: string | null;
  /** How many units the row counts. */
  units: number;
}

export interface RateResult {
  items: RateRow[];
  total: RateFigures;
}

export const RATE_DEFINITION = (days: number) => ({
  zh:
    '在线移送率（按移送单位统计）= 期间内该单位发出的移送中在线移送（非纸质）的件数 ÷ 期间内该单位发出的移送总件数。' +
    `${days}日内在线接收率（按接收单位统计）= 期间内发给该单位、在线移送且不迟于发出日后第${days}个自然日（北京时间${days === 0 ? '，即发出当日' : ''}）被接收（接收，或未经接收直接答复）的件数 ÷ ` +
    `期间内发给该单位的移送件数（尚待接收且发出未超过${days}日的不计入，另列为待接收；被退回、逾期接收或逾期仍未接收的计入分母）。` +
    '期间按移送发出日（北京时间）计，起止日均含在内；县级汇总为所辖单位分子、分母之和；分母为零时比率为空。',
  en:
    'Sent online (counted for the sending unit) = transfers the unit sent in the period that went online (not on paper) ÷ all transfers it sent in the period. ' +
    `Received online within ${days} day(s) (counted for the receiving unit) = transfers addressed to the unit in the period, sent online, that it received (accepted, or answered without being accepted first) ` +
    `no later than ${days} calendar day(s) after the day they were sent (China Standard Time${days === 0 ? ': the same day' : ''}) ÷ transfers addressed to the unit in the period, ` +
    `leaving out those still waiting and sent no more than ${days} day(s) ago (shown as pending); returned, late and still unreceived transfers count in the denominator. ` +
    "A transfer belongs to the period by the CST day it was sent, both ends included; a county adds up its units' numerators and denominators; a share with a zero denominator is null.",
});

const share = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

const empty = () => ({ sent: 0, sentOnline: 0, received: 0, receivedInTime: 0, receivedPending: 0 });
type Counts = ReturnType<typeof empty>;

const figures = (c: Counts): RateFigures => ({
  ...c,
  sentOnlineRate: share(c.sentOnline, c.sent),
  receivedInTimeRate: share(c.receivedInTime, c.received),
});

/** How one transfer counts for its receiver: in time, late (or never), or not yet judged. */
export function receiving(t: TransferFact, days: number, todayDay: number): 'in-time' | 'late' | 'pending' {
  const sentDay = cstDayOf(Date.parse(t.sentAt));
  const received = t.state === 'accepted' || t.state === 'answered' ? t.receivedAt : null;
  if (received !== null) return !t.onPaper && cstDayOf(Date.parse(received)) - sentDay <= days ? 'in-time' : 'late';
  if (t.state === 'sent' && todayDay - sentDay <= days) return 'pending';
  return 'late';
}

/** The collaboration rate of each unit, or of each county, over the period; and the total over all of them. */
export function collaborationRates(transfers: readonly TransferFact[], units: readonly RateUnit[], opts: RateOptions, by: 'unit' | 'county'): RateResult {
  const perUnit = new Map(units.map((u) => [u.id, empty()]));
  for (const t of transfers) {
    const day = cstDayOf(Date.parse(t.sentAt));
    if (day < opts.fromDay || day > opts.toDay) continue;
    const sender = perUnit.get(t.senderUnitId);
    if (sender) {
      sender.sent++;
      if (!t.onPaper) sender.sentOnline++;
    }
    const receiver = perUnit.get(t.receiverUnitId);
    if (receiver) {
      const r = receiving(t, opts.days, opts.todayDay);
      if (r === 'pending') receiver.receivedPending++;
      else {
        receiver.received++;
        if (r === 'in-time') receiver.receivedInTime++;
      }
    }
  }
  const add = (a: Counts, b: Counts) => {
    for (const k of Object.keys(a) as (keyof Counts)[]) a[k] += b[k];
  };
  const total = empty();
  for (const c of perUnit.values()) add(total, c);

  let items: RateRow[];
  if (by === 'unit') {
    items = units.map((u) => ({ key: u.id, name: u.name, nameEn: u.nameEn, regionCode: u.regionCode, agency: u.agency, units: 1, ...figures(perUnit.get(u.id)!) }));
  } else {
    const groups = new Map<string, { name: string; nameEn: string; units: number; counts: Counts }>();
    for (const u of units) {
      const g = groups.get(u.countyCode) ?? { name: u.countyName, nameEn: u.countyNameEn, units: 0, counts: empty() };
      g.units++;
      add(g.counts, perUnit.get(u.id)!);
      groups.set(u.countyCode, g);
    }
    items = [...groups].map(([code, g]) => ({ key: code, name: g.name, nameEn: g.nameEn, regionCode: code, agency: null, units: g.units, ...figures(g.counts) }));
  }
  items.sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name, 'zh'));
  return { items, total: figures(total) };
}
