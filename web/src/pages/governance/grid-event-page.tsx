import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Image, Input, Radio, Rate, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { governanceApi, gridEventPhotoUrl } from '../../api/governance-client.ts';
import { GRID_EVENT_ACTIONS } from '../../api/governance-types.ts';
import type { GridEventAction, GridEventPage, GridEventStepBody } from '../../api/governance-types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { MatterPageHeader } from '../../components/page-header.tsx';
import { useCan } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { UploadButton } from '../../components/upload-button.tsx';
import { UnitPicker } from '../../components/unit-picker.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { dueDay } from '../oversight/oversight-format.ts';
import { gridNeeds } from './governance-format.ts';
import { DueCell, MatterTimeline, StateTag, useUnitsOf } from './governance-parts.tsx';

/** One grid event (/grid-events/:id): place and photos, who holds it, its timeline, and the steps the caller may take. */
export default function GridEventPageView() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const text = t.governance.gridPage;
  const view = useApi((signal) => governanceApi.gridEvent(id, { signal }), [id]);
  const [acted, setActed] = useState<GridEventPage | null>(null);
  const [acting, setActing] = useState<GridEventAction | null>(null);

  const e = acted && acted.id === id && acted.version >= (view.data?.version ?? 0) ? acted : view.data;
  if (!e) {
    if (view.error) return <ErrorAlert error={view.error} onRetry={view.reload} />;
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  const actions = GRID_EVENT_ACTIONS.filter((a) => e.actions.includes(a));

  return (
    <Flex vertical gap={16}>
      <MatterPageHeader
        title={<span data-testid="grid-title">{`${e.number} ${e.address}`}</span>}
        back={{ to: '/grid-events', text: text.back }}
        reload={{ onClick: view.reload, loading: view.isLoading, text: text.reload, testId: 'grid-reload' }}
        error={view.error}
      />
      <GridHeader e={e} />
      <Card size="small" title={text.actions} data-testid="grid-actions">
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{text.noActions}</Typography.Text>
        ) : (
          <Flex gap={8} wrap>
            {actions.map((a) => (
              <Button key={a} type="primary" onClick={() => setActing(a)} data-testid={`grid-action-${a}`}>
                {t.governance.gridAction[a]}
              </Button>
            ))}
          </Flex>
        )}
      </Card>
      <Flex gap={16} wrap align="flex-start">
        <Card size="small" title={text.timeline} style={{ flex: '2 1 480px' }}>
          <MatterTimeline
            testId="grid-timeline"
            entries={e.timeline.map((x) => ({ ...x, extra: x.dueAt ? <div>{text.newDue(dueDay(x.dueAt))}</div> : undefined }))}
            kindName={(k) => t.governance.gridEvent[k] ?? (t.governance.gridAction as Record<string, string>)[k] ?? k}
            stateName={(s) => (t.governance.gridState as Record<string, string>)[s] ?? s}
          />
        </Card>
        <PhotosCard e={e} onUploaded={view.reload} />
      </Flex>
      {acting ? (
        <GridActionModal
          event={e}
          action={acting}
          onClose={() => setActing(null)}
          onDone={(page) => {
            setActing(null);
            setActed(page);
          }}
        />
      ) : null}
    </Flex>
  );
}

function GridHeader({ e }: { e: GridEventPage }) {
  const { t, lang, formatDateTime } = useI18n();
  const names = useCaseNames();
  const text = t.governance.gridPage;
  const list = t.governance.grid;
  const [revealing, setRevealing] = useState(false);
  return (
    <Card size="small" data-testid="grid-header">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'number', label: list.number, children: <span data-testid="grid-number">{e.number}</span> },
          { key: 'state', label: list.state, children: <StateTag state={e.state} names={t.governance.gridState} testId="grid-state" /> },
          { key: 'due', label: list.due, children: <DueCell dueAt={e.dueAt} overdue={e.overdue} daysLeft /> },
          { key: 'category', label: list.category, children: lang === 'en-US' ? e.categoryName.en : e.categoryName.zh },
          { key: 'address', label: list.address, children: e.address },
          ...(e.latitude !== null && e.longitude !== null
            ? [{ key: 'coords', label: text.coordinates, children: `${e.latitude.toFixed(6)}, ${e.longitude.toFixed(6)}` }]
            : []),
          { key: 'township', label: text.township, children: names.unit(e.townshipUnitId, e.townshipUnitName) },
          ...(e.countyUnitId ? [{ key: 'county', label: text.county, children: names.unit(e.countyUnitId, e.countyUnitName) }] : []),
          ...(e.responsibleUnitId
            ? [{ key: 'responsible', label: text.responsible, children: <span data-testid="grid-responsible">{names.unit(e.responsibleUnitId, e.responsibleUnitName)}</span> }]
            : []),
          { key: 'reporter', label: text.reporter, children: text.reporterKind[e.reporterKind] ?? e.reporterKind },
          ...(e.reporterPhone
            ? [
                {
                  key: 'phone',
                  label: text.reporterPhone,
                  children: (
                    <Flex gap={8} align="center">
                      <span>{e.reporterPhone}</span>
                      <RevealPhone e={e} open={revealing} setOpen={setRevealing} />
                    </Flex>
                  ),
                },
              ]
            : []),
          { key: 'reportedAt', label: list.reportedAt, children: formatDateTime(e.reportedAt) },
          ...(e.rating !== null
            ? [{ key: 'rating', label: text.rating, children: <Rate disabled value={e.rating} style={{ fontSize: 14 }} data-testid="grid-rating" /> }]
            : []),
          ...(e.sides.length > 0
            ? [{ key: 'sides', label: text.yourSides, children: e.sides.map((s) => t.governance.gridSide[s] ?? s).join('、') }]
            : []),
        ]}
      />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }} data-testid="grid-description">
        {e.description}
      </Typography.Paragraph>
    </Card>
  );
}

/** A citizen reporter's whole phone number, for the centers: each reveal is one audited read. */
function RevealPhone({ e, open, setOpen }: { e: GridEventPage; open: boolean; setOpen: (v: boolean) => void }) {
  const { t } = useI18n();
  const can = useCan();
  const text = t.governance.gridPage;
  if (!can('grid-event:reveal') || e.reporterKind !== 'citizen') return null;
  if (!open) {
    return (
      <Button size="small" onClick={() => setOpen(true)} data-testid="grid-reveal">
        {text.revealPhone}
      </Button>
    );
  }
  return <RevealedPhone id={e.id} />;
}

function RevealedPhone({ id }: { id: string }) {
  const { t } = useI18n();
  const data = useApi((signal) => governanceApi.gridEventReporterContact(id, { signal }), [id], { forbidden: 'inline' });
  if (data.error) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Skeleton.Input active size="small" />;
  return (
    <Flex gap={8} align="center">
      <Typography.Text strong data-testid="grid-revealed-phone">
        {data.data.phone ?? t.common.none}
      </Typography.Text>
      <Typography.Text type="secondary">{t.governance.gridPage.revealAudited}</Typography.Text>
    </Flex>
  );
}

function PhotosCard({ e, onUploaded }: { e: GridEventPage; onUploaded: () => void }) {
  const { t, formatDateTime } = useI18n();
  const can = useCan();
  const text = t.governance.gridPage;
  const mayUpload = can('grid-event:update') && e.sides.length > 0 && e.state !== 'rated';
  return (
    <Card
      size="small"
      title={text.photos}
      style={{ flex: '1 1 320px' }}
      data-testid="grid-photos"
      extra={
        mayUpload ? (
          <UploadButton
            upload={(file) => governanceApi.addGridEventPhoto(e.id, file)}
            uploadedText={(p) => text.uploaded(p.name)}
            label={text.uploadPhoto}
            onUploaded={onUploaded}
            testId="grid-upload"
            buttonProps={{ size: 'small' }}
          />
        ) : null
      }
    >
      {e.photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text.noPhotos} />
      ) : (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {e.photos.map((p) => (
              <Flex key={p.id} vertical gap={2} style={{ width: 120 }}>
                <Image src={gridEventPhotoUrl(e.id, p.id)} alt={p.name} width={120} height={90} style={{ objectFit: 'cover' }} data-testid="grid-photo" />
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 11 }}>
                  {formatDateTime(p.uploadedAt)}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}

interface GridActForm {
  note?: string;
  unitId?: string;
  ok?: boolean;
  rating?: number;
}

/** The departments of the county a county center assigns to (rules/permissions.yaml: grid-event rows). */
const DEPARTMENT_AGENCIES = [
  'police',
  'procuratorate',
  'court',
  'justice-bureau',
  'prison',
  'detention-house',
  'correction-office',
  'mediation-committee',
  'petition-office',
];

function GridActionModal({
  event,
  action,
  onClose,
  onDone,
}: {
  event: GridEventPage;
  action: GridEventAction;
  onClose: () => void;
  onDone: (page: GridEventPage) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const text = t.governance.gridPage;
  const actionName = t.governance.gridAction[action];
  const [ok, setOk] = useState(true);
  const needs = gridNeeds(action, ok);
  const units = useUnitsOf(DEPARTMENT_AGENCIES, needs.unit === true);
  // a county center assigns a department of its own county
  const county = event.regionCode.slice(0, 6);
  const countyUnits = units.data?.filter((u) => u.regionCode.startsWith(county));

  return (
    <FormModal<GridActForm>
      title={t.governance.act.title(actionName, event.number)}
      okText={t.common.submit}
      testId={`grid-act-${action}`}
      initialValues={needs.verdict ? { ok: true } : {}}
      onClose={onClose}
      onSubmit={async (v) => {
        const body: GridEventStepBody = {};
        if (v.note?.trim()) body.note = v.note.trim();
        if (needs.unit && v.unitId) body.unitId = v.unitId;
        if (needs.verdict) body.ok = v.ok ?? true;
        if (needs.rating && v.rating) body.rating = v.rating;
        const page = await governanceApi.gridEventStep(event.id, action, body);
        message.success(t.governance.act.done(actionName));
        onDone(page);
      }}
    >
      {needs.verdict ? (
        <Form.Item name="ok" label={text.verdict}>
          <Radio.Group
            onChange={(x) => setOk(x.target.value)}
            options={[
              { value: true, label: text.pass },
              { value: false, label: text.fail },
            ]}
            data-testid="grid-act-verdict"
          />
        </Form.Item>
      ) : null}
      {needs.unit ? (
        <Form.Item name="unitId" label={text.unit} rules={[{ required: true, message: text.unitRequired }]}>
          <UnitPicker units={countyUnits} loading={units.isLoading} placeholder={t.governance.unitAny} testId="grid-act-unit" />
        </Form.Item>
      ) : null}
      {needs.rating ? (
        <Form.Item name="rating" label={text.ratingLabel} rules={[{ required: true, message: text.ratingRequired }]}>
          <Rate data-testid="grid-act-rating" />
        </Form.Item>
      ) : null}
      {!needs.verdict || !ok ? null : <Alert type="success" showIcon title={text.pass} style={{ marginBottom: 12 }} />}
      <Form.Item
        name="note"
        label={text.note}
        rules={needs.note === 'required' ? [{ required: true, whitespace: true, message: text.noteRequired }] : []}
      >
        <Input.TextArea rows={3} maxLength={5000} showCount data-testid="grid-act-note" />
      </Form.Item>
    </FormModal>
  );
}
