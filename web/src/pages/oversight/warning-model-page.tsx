import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { BacktestResult, ModelParameter, ParameterValue, WarningModelDetail } from '../../api/types.ts';
import { EChart } from '../../components/echart.tsx';
import { ErrorAlert, useErrorText } from '../../components/error-alert.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useCan, useMe } from '../../components/session.tsx';
import { useApi } from '../../components/use-api.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { basisText, countBarOption, definitionText, parameterInput, trendOption } from './oversight-format.ts';
import { SeverityTag } from './oversight-names.tsx';

const DAY = 'YYYY-MM-DD';
const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } as const;

/** One warning model (/warning-models/:id): what it watches and why, its definition, parameters, hits and runs. */
export default function WarningModelPage() {
  const { id = '' } = useParams();
  const { t, pick, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const can = useCan();
  const me = useMe();
  const text = t.oversight.model;
  const view = useApi((signal) => api.warningModel(id, { signal }), [id]);
  const [running, setRunning] = useState(false);
  // the server refuses committees below the province: offer the form only where it would be accepted
  const mayUpdate = can('warning-model:update') && me.unit.level === 'province';
  const mayRun = can('warning-run:create');

  async function runNow() {
    setRunning(true);
    try {
      const run = await api.runWarnings([id]);
      const r = run.models.find((m) => m.id === id);
      if (r?.error) message.error(text.runFailed);
      else message.success(text.ran(r?.opened ?? 0, r?.closed ?? 0));
      view.reload();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setRunning(false);
    }
  }

  const m = view.data;
  if (!m) {
    if (view.error) return <ErrorAlert error={view.error} onRetry={view.reload} />;
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  const lastRun = m.lastRun;

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={
          <span data-testid="model-title">
            {pick(m.name)} <Typography.Text code>{m.id}</Typography.Text>
          </span>
        }
        extra={
          <Flex gap={8}>
            <Button onClick={() => navigate('/warning-models')}>{text.back}</Button>
            {mayRun ? (
              <Button type="primary" onClick={runNow} loading={running} disabled={!m.enabled} data-testid="model-run">
                {text.runNow}
              </Button>
            ) : null}
          </Flex>
        }
      />
      <ErrorAlert error={view.error} onRetry={view.reload} />
      <Card size="small" data-testid="model-header">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'description', label: text.description, span: 2, children: pick(m.description) },
            { key: 'basis', label: text.basis, span: 2, children: basisText(m, t.oversight.models.article, pick, t.oversight.listSeparator) || t.common.none },
            { key: 'severity', label: t.oversight.models.severity, children: <SeverityTag severity={m.severity} /> },
            {
              key: 'enabled',
              label: t.oversight.models.enabled,
              children: m.enabled ? <Tag color="green">{t.oversight.models.on}</Tag> : <Tag>{t.oversight.models.off}</Tag>,
            },
            { key: 'answering', label: text.answering, children: pick(m.answering) },
            { key: 'scope', label: text.scope, children: m.scope === 'case' ? text.scopeCase : text.scopeProvince },
            {
              key: 'openHits',
              label: t.oversight.models.openHits,
              children: me.menu.includes('warnings') && m.openHits > 0 ? (
                <Link to={`/warnings?model=${encodeURIComponent(m.id)}`} data-testid="model-open-hits">
                  {text.openHits(m.openHits)}
                </Link>
              ) : (
                <span data-testid="model-open-hits">{text.openHits(m.openHits)}</span>
              ),
            },
            {
              key: 'lastRun',
              label: text.lastRun,
              children: lastRun ? (
                <span data-testid="model-last-run">
                  {formatDateTime(lastRun.startedAt)} · {text.runKind[lastRun.kind] ?? lastRun.kind}
                  {lastRun.result
                    ? ` · ${
                        lastRun.result.error
                          ? text.runFailed
                          : text.runResult(lastRun.result.holding ?? 0, lastRun.result.opened ?? 0, lastRun.result.closed ?? 0, Math.round(lastRun.result.ms))
                      }`
                    : ''}
                </span>
              ) : (
                text.neverRun
              ),
            },
            { key: 'source', label: text.source, children: <Typography.Text code>{m.source}</Typography.Text> },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ParametersCard key={m.id} model={m} mayUpdate={mayUpdate} onSaved={view.reload} />
        </Col>
        <Col xs={24} xl={12}>
          <TrendCard model={m} />
        </Col>
      </Row>
      <Card size="small" title={`${text.definition}（${t.oversight.models.form[m.form] ?? m.form}）`}>
        <pre style={{ ...MONO, margin: 0, whiteSpace: 'pre-wrap', background: '#f6f8fa', padding: 12, borderRadius: 4 }} data-testid="model-definition">
          {definitionText(m.definition)}
        </pre>
        {m.form === 'condition' ? (
          <>
            <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 4 }}>
              {text.compiled}
            </Typography.Paragraph>
            <pre style={{ ...MONO, margin: 0, whiteSpace: 'pre-wrap', background: '#f6f8fa', padding: 12, borderRadius: 4 }}>{m.sql}</pre>
          </>
        ) : null}
      </Card>
      {mayRun ? <BacktestCard model={m} /> : null}
    </Flex>
  );
}

function TrendCard({ model }: { model: WarningModelDetail }) {
  const { t } = useI18n();
  const text = t.oversight.model;
  const option = useMemo(
    () => trendOption(model.trend, { opened: t.oversight.desk.opened, closed: t.oversight.desk.closed }),
    [model, t],
  );
  return (
    <Card size="small" title={text.trend} style={{ height: '100%' }}>
      <div data-testid="model-trend-chart">
        <EChart option={option} ariaLabel={text.trend} />
      </div>
    </Card>
  );
}

interface SettingForm {
  enabled: boolean;
  parameters: Record<string, ParameterValue>;
}

/** The parameters: a form for provincial committee supervisors, a table for everyone else. */
function ParametersCard({ model, mayUpdate, onSaved }: { model: WarningModelDetail; mayUpdate: boolean; onSaved: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const text = t.oversight.model;
  const [form] = Form.useForm<SettingForm>();
  const shown = (v: ParameterValue) => (Array.isArray(v) ? v.join(t.oversight.listSeparator) : typeof v === 'boolean' ? (v ? t.oversight.yes : t.oversight.no) : String(v));
  const range = (p: ModelParameter) =>
    p.min === undefined && p.max === undefined ? t.common.none : `${p.min ?? '…'} – ${p.max ?? '…'}`;

  // the server names a refused parameter `parameters.<name>`: the hook puts it next to ['parameters', name]
  const { submitting: saving, error, problems, submit: save } = useFormSubmit(
    form,
    async (values) => {
      await api.updateWarningModel(model.id, { enabled: values.enabled, ...(model.parameters.length > 0 ? { parameters: values.parameters } : {}) });
      message.success(text.saved);
      onSaved();
    },
    { keepOpen: true },
  );

  if (!mayUpdate) {
    const columns: TableColumnsType<ModelParameter> = [
      {
        key: 'name',
        title: text.parameter,
        render: (_, p) => (
          <>
            <Typography.Text code>{p.name}</Typography.Text> {pick(p.description)}
          </>
        ),
      },
      { key: 'value', title: text.value, render: (_, p) => shown(p.value) },
      { key: 'default', title: text.default, render: (_, p) => shown(p.default) },
      { key: 'range', title: text.range, render: (_, p) => range(p) },
    ];
    return (
      <Card size="small" title={text.parameters} style={{ height: '100%' }} data-testid="model-parameters">
        <Alert type="info" showIcon title={text.readOnly} style={{ marginBottom: 12 }} />
        <Table<ModelParameter>
          rowKey="name"
          size="small"
          columns={columns}
          dataSource={model.parameters}
          pagination={false}
          locale={{ emptyText: text.noParameters }}
        />
      </Card>
    );
  }

  return (
    <Card
      size="small"
      title={text.parameters}
      style={{ height: '100%' }}
      data-testid="model-parameters"
      extra={
        <Button type="primary" size="small" onClick={save} loading={saving} data-testid="model-setting-save">
          {text.save}
        </Button>
      }
    >
      <Form<SettingForm>
        form={form}
        layout="vertical"
        disabled={saving}
        initialValues={{ enabled: model.enabled, parameters: Object.fromEntries(model.parameters.map((p) => [p.name, p.value])) }}
        data-testid="model-setting-form"
      >
        <FormErrors error={error} problems={problems} />
        <Form.Item name="enabled" label={text.enabled} valuePropName="checked">
          <Switch data-testid="model-enabled" />
        </Form.Item>
        {model.parameters.length === 0 ? <Typography.Text type="secondary">{text.noParameters}</Typography.Text> : null}
        {model.parameters.map((p) => (
          <Form.Item
            key={p.name}
            name={['parameters', p.name]}
            label={
              <span>
                <Typography.Text code>{p.name}</Typography.Text> {pick(p.description)}
              </span>
            }
            extra={`${text.default}: ${shown(p.default)} · ${text.range}: ${range(p)}`}
            valuePropName={parameterInput(p) === 'switch' ? 'checked' : 'value'}
            rules={parameterInput(p) === 'number' ? [{ required: true }] : []}
          >
            <ParameterInput parameter={p} />
          </Form.Item>
        ))}
      </Form>
    </Card>
  );
}

/** One parameter's input; `value` / `checked` and `onChange` come from the Form.Item. */
function ParameterInput({
  parameter: p,
  ...control
}: {
  parameter: ModelParameter;
  value?: ParameterValue;
  checked?: boolean;
  onChange?: (value: unknown) => void;
}) {
  const testId = `model-parameter-${p.name}`;
  switch (parameterInput(p)) {
    case 'number':
      return (
        <InputNumber
          min={p.min}
          max={p.max}
          precision={p.type === 'integer' ? 0 : undefined}
          value={control.value as number | undefined}
          onChange={(v) => control.onChange?.(v)}
          data-testid={testId}
        />
      );
    case 'switch':
      return <Switch checked={control.checked} onChange={(v) => control.onChange?.(v)} data-testid={testId} />;
    case 'tags':
      return (
        <Select
          mode="tags"
          value={control.value as string[] | undefined}
          onChange={(v) => control.onChange?.(v)}
          tokenSeparators={[',', '，']}
          data-testid={testId}
        />
      );
    default:
      return <Input value={control.value as string | undefined} onChange={(e) => control.onChange?.(e.target.value)} data-testid={testId} />;
  }
}

/** What the model would have raised over a past period, per unit, evaluated every `step`-th day. */
function BacktestCard({ model }: { model: WarningModelDetail }) {
  const { t } = useI18n();
  const names = useCaseNames();
  const text = t.oversight.model;
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(30, 'day'), dayjs()]);
  const [step, setStep] = useState(7);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<BacktestResult | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.backtestWarningModel(model.id, { from: range[0].format(DAY), to: range[1].format(DAY), step }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const option = useMemo(
    () => countBarOption((result?.items ?? []).slice(0, 20).map((r) => ({ name: names.unit(r.unitId, r.name), count: r.hits })), text.hits),
    [result, text, names],
  );
  const columns: TableColumnsType<BacktestResult['items'][number]> = [
    { key: 'name', title: text.unit, render: (_, r) => names.unit(r.unitId, r.name) },
    { key: 'hits', title: text.hits, dataIndex: 'hits', align: 'right' },
  ];

  return (
    <Card size="small" title={text.backtest} data-testid="model-backtest">
      <Typography.Paragraph type="secondary">{text.backtestHint}</Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={text.period}>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(r) => {
              const [from, to] = r ?? [];
              if (from && to) setRange([from, to]);
            }}
            data-testid="backtest-period"
          />
        </Form.Item>
        <Form.Item label={text.step}>
          <InputNumber min={1} max={31} precision={0} value={step} onChange={(v) => setStep(v ?? 1)} data-testid="backtest-step" />
        </Form.Item>
        <Form.Item>
          <Button onClick={run} loading={busy} data-testid="backtest-run">
            {text.runBacktest}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
      {result ? (
        <Flex vertical gap={12} data-testid="backtest-result">
          <Typography.Text strong data-testid="backtest-total">
            {text.backtestTotal(result.total, result.samples)}
          </Typography.Text>
          {result.items.length === 0 ? (
            <Empty description={text.noBacktestHits} />
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={10}>
                <Table
                  rowKey="unitId"
                  size="small"
                  columns={columns}
                  dataSource={result.items}
                  pagination={result.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                />
              </Col>
              <Col xs={24} xl={14}>
                <EChart option={option} ariaLabel={text.backtest} style={{ height: Math.max(200, Math.min(20, result.items.length) * 32 + 40) }} />
              </Col>
            </Row>
          )}
        </Flex>
      ) : null}
    </Card>
  );
}
