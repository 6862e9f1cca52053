import { Button, Card, Descriptions, Form, Input, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type PublicProgress, publicApi } from '../../api/public-client.ts';
import { FormErrors, useFormSubmit } from '../../components/use-form-submit.tsx';
import { useI18n } from '../../i18n.ts';
import { usePublicText } from '../../i18n-public.ts';
import { formRules } from './form-rules.ts';
import { PublicShell } from './public-shell.tsx';

interface Values {
  code: string;
  phoneLast4: string;
}

/** /public/track: the progress of a matter with its tracking code and the phone's last four digits. */
export default function TrackPage() {
  const p = usePublicText();
  const { pick } = useI18n();
  const rules = formRules(p);
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [progress, setProgress] = useState<PublicProgress | null>(null);
  const { submitting, error, problems, submit } = useFormSubmit(form, async (v) => {
    setProgress(null);
    setProgress(await publicApi.track(v.code.trim(), v.phoneLast4.trim()));
  }, { keepOpen: true, refusalField: (e) => (e.code === 'TRACKING_NOT_FOUND' ? 'phoneLast4' : undefined) });

  return (
    <PublicShell title={p.home.track.title}>
      <Form<Values> form={form} layout="vertical" onFinish={submit} disabled={submitting} initialValues={{ code: params.get('code') ?? '' }} data-testid="track-form">
        <Form.Item name="code" label={p.field.code} rules={rules.code}>
          <Input autoCapitalize="characters" autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="track-code" />
        </Form.Item>
        <Form.Item name="phoneLast4" label={p.field.phoneLast4} rules={rules.last4}>
          <Input inputMode="numeric" maxLength={4} autoComplete="off" data-testid="track-last4" />
        </Form.Item>
        <FormErrors error={error} problems={problems} />
        <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="track-submit">
          {p.lookUp}
        </Button>
      </Form>
      {progress ? (
        <Card style={{ marginTop: 16 }} data-testid="progress" title={`${pick(progress.kindName)} ${progress.number}`}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={p.progress.state}>
              <Tag color={progress.closed ? 'green' : 'blue'} data-testid="progress-state">
                {pick(progress.stateName)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={p.progress.body}>{progress.handlingBody ? pick(progress.handlingBody) : p.progress.none}</Descriptions.Item>
            <Descriptions.Item label={p.progress.filed}>{progress.filedDay}</Descriptions.Item>
            {progress.dueDay ? <Descriptions.Item label={p.progress.due}>{progress.dueDay}</Descriptions.Item> : null}
            {progress.closedDay ? <Descriptions.Item label={p.progress.closed}>{progress.closedDay}</Descriptions.Item> : null}
            {progress.outcome ? <Descriptions.Item label={p.progress.outcome}>{pick(progress.outcome.name)}</Descriptions.Item> : null}
            {progress.caseStage ? <Descriptions.Item label={p.progress.stage}>{pick(progress.caseStage)}</Descriptions.Item> : null}
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>{p.progress.steps}</h4>
          <Timeline
            items={progress.steps.map((s, i) => ({
              key: `${i}`,
              color: i === progress.steps.length - 1 ? 'blue' : 'gray',
              content: `${s.day}  ${pick(s.name)}`,
            }))}
          />
        </Card>
      ) : null}
    </PublicShell>
  );
}
