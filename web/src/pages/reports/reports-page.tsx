import { App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Radio, Select, Switch, Table, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { type Cadence, type FilledBulletin, type ReportFormat, type ReportIssue, type ReportSchedule, reportFileUrl, reportsApi } from '../../api/reports-client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useCan } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { reportsEn, reportsZh } from '../../i18n-reports.ts';

function useText() {
  const { lang } = useI18n();
  return lang === 'en-US' ? reportsEn : reportsZh;
}

const BULLETIN = 'bulletin';
const REGION = /^[0-9]{6}([0-9]{3})?$/;

/** The month before this one, YYYY-MM: what is usually reported on. */
function lastMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`);

/** 报表中心: issue a standard report or the bulletin as xlsx or PDF, download what was issued, keep schedules. */
export default function ReportsPage() {
  const { t } = useI18n();
  const text = useText();
  const can = useCan();
  const [historyKey, setHistoryKey] = useState(0);
  const tabs = [
    { key: 'generate', label: text.tabs.generate, children: <GenerateTab onIssued={() => setHistoryKey((k) => k + 1)} /> },
    { key: 'history', label: text.tabs.history, children: <HistoryTab key={historyKey} /> },
    { key: 'bulletin', label: text.tabs.bulletin, children: <BulletinTab /> },
    ...(can('report-schedule:read') ? [{ key: 'schedules', label: text.tabs.schedules, children: <SchedulesTab /> }] : []),
  ];
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t.menu.reports} />
      <Tabs items={tabs} data-testid="reports-tabs" destroyOnHidden />
    </Flex>
  );
}

function useCatalogue() {
  return useApi((signal) => reportsApi.catalogue({ signal }), [], { forbidden: 'inline' });
}

function GenerateTab({ onIssued }: { onIssued: () => void }) {
  const text = useText();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const catalogue = useCatalogue();
  const [report, setReport] = useState<string | undefined>();
  const [period, setPeriod] = useState(lastMonth());
  const [region, setRegion] = useState('');
  const [format, setFormat] = useState<ReportFormat>('xlsx');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<ReportIssue | null>(null);
  const reports = catalogue.data?.reports ?? [];
  const chosen = reports.find((r) => r.id === report);
  const options = [...reports.map((r) => ({ value: r.id, label: pick(r.title) })), ...(catalogue.data?.bulletin ? [{ value: BULLETIN, label: text.bulletinName }] : [])];

  const generate = async () => {
    if (!report) return;
    setBusy(true);
    setError(null);
    try {
      const issue = await reportsApi.issue({ report, period: period.trim(), format: report === BULLETIN ? 'pdf' : format, ...(REGION.test(region) ? { region } : {}) });
      setIssued(issue);
      message.success(text.generated(issue.fileName));
      onIssued();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={catalogue.error} onRetry={catalogue.reload} />
      <Card size="small">
        <Form layout="vertical" style={{ maxWidth: 640 }}>
          <Form.Item label={text.report}>
            <Select showSearch optionFilterProp="label" value={report} onChange={setReport} options={options} loading={catalogue.isLoading} data-testid="report-select" />
          </Form.Item>
          <Form.Item label={text.period} extra={text.periodHelp}>
            <Input value={period} onChange={(e) => setPeriod(e.target.value)} maxLength={22} data-testid="report-period" />
          </Form.Item>
          <Form.Item label={text.region}>
            <Input value={region} onChange={(e) => setRegion(e.target.value.replace(/\D/g, ''))} maxLength={9} data-testid="report-region" />
          </Form.Item>
          <Form.Item label={text.format}>
            <Radio.Group
              optionType="button"
              value={report === BULLETIN ? 'pdf' : format}
              disabled={report === BULLETIN}
              onChange={(e) => setFormat(e.target.value)}
              options={[
                { value: 'xlsx', label: 'Excel (.xlsx)' },
                { value: 'pdf', label: 'PDF' },
              ]}
              data-testid="report-format"
            />
          </Form.Item>
          <Button type="primary" loading={busy} disabled={!report} onClick={generate} data-testid="report-generate">
            {text.generate}
          </Button>
        </Form>
      </Card>
      <ErrorAlert error={error} />
      {issued && (
        <Card size="small" data-testid="report-issued">
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'name', label: text.report, children: <a href={reportFileUrl(issued.id)} download={issued.fileName} data-testid="report-download">{issued.fileName}</a> },
              { key: 'bytes', label: text.bytes, children: size(issued.bytes) },
              { key: 'sm3', label: text.sm3, children: <Typography.Text code copyable>{issued.sm3}</Typography.Text> },
            ]}
          />
        </Card>
      )}
      {chosen && (
        <Card size="small" title={`${pick(chosen.title)} · ${text.notes}`} data-testid="report-notes">
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              ...chosen.notes.map((n, i) => ({ key: String(i), label: n.column ? pick(chosen.columns.find((c) => c.id === n.column)?.header ?? { zh: n.column, en: n.column }) : pick(chosen.title), children: pick(n.text) })),
              { key: 'source', label: text.source, children: pick(chosen.source) },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}

function HistoryTab() {
  const text = useText();
  const { pick, formatDateTime } = useI18n();
  const catalogue = useCatalogue();
  const [page, setPage] = useState(1);
  const issues = useApi((signal) => reportsApi.issues({ page, pageSize: 20 }, { signal }), [page], { forbidden: 'inline' });
  const title = (id: string) => (id === BULLETIN ? text.bulletinName : pick(catalogue.data?.reports.find((r) => r.id === id)?.title ?? { zh: id, en: id }));
  const columns: TableColumnsType<ReportIssue> = [
    { key: 'report', title: text.report, render: (_, r) => title(r.reportId) },
    { key: 'period', title: text.period, dataIndex: 'period' },
    { key: 'region', title: text.regionColumn, render: (_, r) => `${r.regionName}（${r.regionCode}）` },
    { key: 'format', title: text.format, dataIndex: 'format' },
    { key: 'issuedAt', title: text.issuedAt, render: (_, r) => formatDateTime(r.issuedAt) },
    { key: 'issuedBy', title: text.issuedBy, dataIndex: 'issuedBy' },
    { key: 'bytes', title: text.bytes, align: 'right', render: (_, r) => size(r.bytes) },
    { key: 'sm3', title: text.sm3, render: (_, r) => <Typography.Text code>{r.sm3.slice(0, 12)}…</Typography.Text> },
    { key: 'file', title: '', render: (_, r) => <a href={reportFileUrl(r.id)} download={r.fileName} data-testid="history-download">{text.download}</a> },
  ];
  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={issues.error} onRetry={issues.reload} />
      <Table<ReportIssue>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={issues.data?.items ?? []}
        loading={issues.isLoading}
        locale={{ emptyText: text.none }}
        pagination={{ current: page, pageSize: 20, total: issues.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="history-table"
      />
    </Flex>
  );
}

function BulletinText({ b }: { b: FilledBulletin }) {
  return (
    <Flex vertical gap={8} data-testid="bulletin-text">
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        {b.title}
      </Typography.Title>
      <Typography.Paragraph>{b.intro}</Typography.Paragraph>
      {b.sections.map((s) => (
        <div key={s.id}>
          <Typography.Text strong>{s.heading}</Typography.Text>
          <Typography.Paragraph>{s.paragraph}</Typography.Paragraph>
        </div>
      ))}
      <Typography.Text strong>{b.notable.heading}</Typography.Text>
      {b.notable.items.map((item) => (
        <Typography.Paragraph key={item}>{item}</Typography.Paragraph>
      ))}
    </Flex>
  );
}

function BulletinTab() {
  const text = useText();
  const { lang } = useI18n();
  const [month, setMonth] = useState(lastMonth());
  const [region, setRegion] = useState('');
  const [asked, setAsked] = useState<{ period: string; region?: string } | null>(null);
  const preview = useApi(
    (signal) => (asked ? reportsApi.bulletin(asked, { signal }) : Promise.resolve(null)),
    [asked?.period, asked?.region],
    { forbidden: 'inline' },
  );
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Form layout="inline">
          <Form.Item label={text.month}>
            <Input value={month} onChange={(e) => setMonth(e.target.value)} maxLength={7} style={{ width: 120 }} data-testid="bulletin-month" />
          </Form.Item>
          <Form.Item label={text.region}>
            <Input value={region} onChange={(e) => setRegion(e.target.value.replace(/\D/g, ''))} maxLength={9} style={{ width: 160 }} data-testid="bulletin-region" />
          </Form.Item>
          <Button type="primary" onClick={() => setAsked({ period: month.trim(), ...(REGION.test(region) ? { region } : {}) })} data-testid="bulletin-preview">
            {text.preview}
          </Button>
        </Form>
      </Card>
      <ErrorAlert error={preview.error} onRetry={preview.reload} />
      {preview.data && (
        <Card size="small" loading={preview.isLoading}>
          <BulletinText b={lang === 'en-US' ? preview.data.en : preview.data.zh} />
        </Card>
      )}
    </Flex>
  );
}

function SchedulesTab() {
  const text = useText();
  const { pick } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const catalogue = useCatalogue();
  const schedules = useApi((signal) => reportsApi.schedules({ signal }), [], { forbidden: 'inline' });
  const [form] = Form.useForm<{ report: string; region: string; format: ReportFormat; cadence: Cadence; dayOfMonth: number; hour: number }>();
  const [error, setError] = useState<unknown>(null);
  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setError(null);
    try {
      await fn();
      if (done) message.success(done);
      schedules.reload();
    } catch (e) {
      setError(e);
    }
  };
  const options = [...(catalogue.data?.reports ?? []).map((r) => ({ value: r.id, label: pick(r.title) })), ...(catalogue.data?.bulletin ? [{ value: BULLETIN, label: text.bulletinName }] : [])];
  const columns: TableColumnsType<ReportSchedule> = [
    { key: 'report', title: text.report, render: (_, s) => pick(s.title) },
    { key: 'region', title: text.regionColumn, dataIndex: 'regionCode' },
    { key: 'format', title: text.format, dataIndex: 'format' },
    { key: 'cadence', title: text.cadence, render: (_, s) => `${text.cadences[s.cadence]} · ${s.dayOfMonth} / ${s.hour}:00` },
    { key: 'last', title: text.lastRun, render: (_, s) => s.lastRunPeriod ?? '—' },
    {
      key: 'enabled',
      title: text.enabled,
      render: (_, s) => <Switch checked={s.enabled} disabled={!can('report-schedule:update')} onChange={(v) => act(() => reportsApi.changeSchedule(s.id, { enabled: v }))} data-testid="schedule-enabled" />,
    },
    {
      key: 'remove',
      title: '',
      render: (_, s) =>
        can('report-schedule:update') ? (
          <Button size="small" danger onClick={() => act(() => reportsApi.deleteSchedule(s.id), text.removed)} data-testid="schedule-remove">
            {text.remove}
          </Button>
        ) : null,
    },
  ];
  return (
    <Flex vertical gap={16}>
      <ErrorAlert error={schedules.error ?? error} onRetry={schedules.reload} />
      {can('report-schedule:create') && (
        <Card size="small" title={text.addSchedule}>
          <Form
            form={form}
            layout="inline"
            initialValues={{ format: 'xlsx', cadence: 'monthly', dayOfMonth: 3, hour: 8 }}
            onFinish={(v) => act(() => reportsApi.createSchedule(v))}
          >
            <Form.Item name="report" label={text.report} rules={[{ required: true }]}>
              <Select options={options} style={{ width: 260 }} data-testid="schedule-report" />
            </Form.Item>
            <Form.Item name="region" label={text.region} rules={[{ required: true, pattern: REGION }]}>
              <Input maxLength={9} style={{ width: 120 }} data-testid="schedule-region" />
            </Form.Item>
            <Form.Item name="format" label={text.format}>
              <Radio.Group optionType="button" options={[{ value: 'xlsx', label: 'xlsx' }, { value: 'pdf', label: 'PDF' }]} />
            </Form.Item>
            <Form.Item name="cadence" label={text.cadence}>
              <Select style={{ width: 180 }} options={(['monthly', 'quarterly'] as const).map((c) => ({ value: c, label: text.cadences[c] }))} />
            </Form.Item>
            <Form.Item name="dayOfMonth" label={text.dayOfMonth}>
              <InputNumber min={1} max={28} />
            </Form.Item>
            <Form.Item name="hour" label={text.hour}>
              <InputNumber min={0} max={23} />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="schedule-add">
              {text.addSchedule}
            </Button>
          </Form>
        </Card>
      )}
      <Table<ReportSchedule> rowKey="id" size="small" columns={columns} dataSource={schedules.data?.items ?? []} loading={schedules.isLoading} locale={{ emptyText: text.none }} pagination={false} data-testid="schedules-table" />
    </Flex>
  );
}
