import { Tag } from 'antd';
import { useI18n } from '../../i18n.ts';

const MS_PER_DAY = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** Nearly due: within this many days (warning-models.md, custody.expiring, default 3). */
export const NEARLY_DUE_DAYS = 3;

/** Whole days from today to a due moment, counted by calendar day in China Standard Time, as the server counts. */
export function daysLeftUntil(dueAt: string, now: Date = new Date()): number {
  const cstDay = (ms: number) => Math.floor((ms + CST_OFFSET_MS) / MS_PER_DAY);
  return cstDay(Date.parse(dueAt)) - cstDay(now.getTime());
}

export type Urgency = 'overdue' | 'nearly-due' | 'running';

export function urgencyOf(daysLeft: number): Urgency {
  if (daysLeft < 0) return 'overdue';
  return daysLeft <= NEARLY_DUE_DAYS ? 'nearly-due' : 'running';
}

const COLOURS: Record<Urgency, string> = { overdue: 'red', 'nearly-due': 'orange', running: 'green' };

/** Days left as a coloured tag: red when overdue, orange when nearly due. */
export function DaysLeftTag({ daysLeft }: { daysLeft: number }) {
  const { t } = useI18n();
  const text =
    daysLeft < 0 ? t.cases.daysLeft.overdue(-daysLeft) : daysLeft === 0 ? t.cases.daysLeft.today : t.cases.daysLeft.left(daysLeft);
  const urgency = urgencyOf(daysLeft);
  return (
    <Tag color={COLOURS[urgency]} data-testid="days-left" data-urgency={urgency}>
      {text}
    </Tag>
  );
}
