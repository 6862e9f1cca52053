import { Empty, Timeline, Typography } from 'antd';
import type { CaseView, TimelineEvent } from '../../api/types.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from './case-names.ts';

const COLOURS: Record<string, string> = {
  'transfer-returned': 'red',
  'verification-failed': 'red',
  'evidence-override': 'orange',
  'on-paper': 'orange',
  'transfer-accepted': 'green',
  registered: 'green',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The case's history as the server recorded it, oldest first. */
export function TimelineSection({ view }: { view: CaseView }) {
  const { t, formatDateTime, pick } = useI18n();
  const names = useCaseNames();
  const text = t.cases.timeline;

  /** A short line saying what happened, from the event's details. */
  function detail(e: TimelineEvent): string | null {
    const d = e.details;
    switch (e.kind) {
      case 'registered':
        return str(d.caseNumber);
      case 'transition':
      case 'transfer-sent': {
        const name = str(d.transition) ? names.transition(d.transition as string) : null;
        const to = str(d.to) ? ` → ${names.stage(d.to as string)}` : '';
        return name ? `${name}${to}` : null;
      }
      case 'transfer-accepted':
        return str(d.scenario) ? names.scenario(d.scenario as string) : null;
      case 'transfer-returned':
      case 'evidence-override':
        return str(d.reason) ? text.reason(d.reason as string) : null;
      case 'document-added': {
        const kind = str(d.kind) ? names.documentKind(d.kind as string) : '';
        return `${kind} · ${str(d.name) ?? ''}`;
      }
      case 'evidence-added': {
        const item = view.evidence.checklist.find((i) => i.id === d.checklistItem);
        return item ? pick(item.name) : null;
      }
      case 'measure':
        return str(d.measure) ? names.measure(d.measure as string) : null;
      case 'person-added':
        return str(d.role) ? names.personRole(d.role as string) : null;
      case 'property-disposed': {
        const item = view.property.find((p) => p.id === d.propertyId);
        const how = str(d.disposal) ? (t.cases.property.disposalName[d.disposal as string] ?? (d.disposal as string)) : null;
        return how ? `${how}${item ? ` · ${item.description}` : ''}` : null;
      }
      case 'on-paper':
        return str(d.reason) ? (t.cases.onPaperReason[d.reason as string] ?? (d.reason as string)) : null;
      default:
        return null;
    }
  }

  if (view.timeline.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.none} />;
  return (
    <Timeline
      data-testid="case-timeline"
      items={view.timeline.map((e) => {
        const line = detail(e);
        return {
          key: e.id,
          color: COLOURS[e.kind] ?? 'blue',
          content: (
            <div data-testid="timeline-event" data-kind={e.kind}>
              <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>{' '}
              <Typography.Text strong>{text.kind[e.kind] ?? e.kind}</Typography.Text>
              {e.unitName ? <Typography.Text type="secondary">{` · ${names.unit(e.unitId, e.unitName)}`}</Typography.Text> : null}
              {line ? <div>{line}</div> : null}
            </div>
          ),
        };
      })}
    />
  );
}
