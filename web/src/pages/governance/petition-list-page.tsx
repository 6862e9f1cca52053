import { App, Checkbox, Flex, Form, Input, Select, Switch, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { governanceApi } from '../../api/governance-client.ts';
import { PETITION_CHANNELS, PETITION_STATES } from '../../api/governance-types.ts';
import type { NewPetition, PetitionState, PetitionSummary } from '../../api/governance-types.ts';
import { FormModal } from '../../components/form-modal.tsx';
import { useApi } from '../../components/use-api.ts';
import { useI18n } from '../../i18n.ts';
import { useCaseNames } from '../cases/case-names.ts';
import { checkPhone, checkResidentId } from './governance-format.ts';
import { DueCell, StateTag } from './governance-parts.tsx';
import { ListHeader, PagedTable, useFilteredPaging } from './list-parts.tsx';

/** Petitions (信访事项): the office's of its region, or those a body is handling; the petitioner masked in every row. */
export default function PetitionListPage() {
  const { t } = useI18n();
  const text = t.governance.petitions;
  const navigate = useNavigate();
  const names = useCaseNames();
  const [search] = useSearchParams();
  // ?matter=<petition id> lists the petitions of that petition's matter (a link from a petition's page)
  const matter = search.get('matter') ?? undefined;
  const { paging, pagination, filter } = useFilteredPaging();
  const [state, setState] = useState<PetitionState | undefined>(undefined);
  const [channel, setChannel] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState(!matter);
  const [lawRelated, setLawRelated] = useState(false);
  const [registering, setRegistering] = useState(false);
  const list = useApi(
    (signal) =>
      governanceApi.petitions(
        { ...paging, state, channel, open, lawRelated: lawRelated ? true : undefined, ...(matter ? { sameMatterAs: matter } : {}) },
        { signal },
      ),
    [paging.page, paging.pageSize, state, channel, open, lawRelated, matter],
  );

  const columns: TableColumnsType<PetitionSummary> = [
    {
      key: 'number',
      title: text.number,
      render: (_, p) => (
        <Link to={`/petitions/${p.id}`} data-testid="petition-link">
          {p.number}
        </Link>
      ),
    },
    { key: 'petitioner', title: text.petitioner, render: (_, p) => <span data-testid="petition-petitioner">{p.petitionerName}</span> },
    {
      key: 'subject',
      title: text.subject,
      render: (_, p) => (
        <Flex gap={4} wrap>
          <span>{p.subject}</span>
          {p.lawRelated ? <Tag color="magenta">{text.lawRelated}</Tag> : null}
          {p.matterPetitions > 1 ? <Tag>{text.matterCount(p.matterPetitions)}</Tag> : null}
        </Flex>
      ),
    },
    { key: 'respondent', title: text.respondent, dataIndex: 'respondent' },
    { key: 'channel', title: text.channel, render: (_, p) => t.governance.petitionChannel[p.channel] ?? p.channel },
    { key: 'state', title: text.state, render: (_, p) => <StateTag state={p.state} names={t.governance.petitionState} testId="petition-state" /> },
    {
      key: 'handling',
      title: text.handlingUnit,
      render: (_, p) => (p.handlingUnitId ? names.unit(p.handlingUnitId, p.handlingUnitName) : t.common.none),
    },
    { key: 'nextDue', title: text.nextDue, render: (_, p) => <DueCell dueAt={p.nextDueAt} overdue={p.overdue} /> },
  ];

  return (
    <>
      <ListHeader title={text.title} permission="petition:create" action={text.register} onAction={() => setRegistering(true)} testId="petition-new" />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        {matter ? (
          <Tag closable onClose={() => navigate('/petitions')} data-testid="petition-matter-filter">
            {text.matter}
          </Tag>
        ) : null}
        <Select
          allowClear
          placeholder={text.allStates}
          style={{ width: 180 }}
          value={state}
          onChange={filter(setState)}
          options={PETITION_STATES.map((s) => ({ value: s, label: t.governance.petitionState[s] }))}
          data-testid="petition-state-filter"
        />
        <Select
          allowClear
          placeholder={text.allChannels}
          style={{ width: 160 }}
          value={channel}
          onChange={filter(setChannel)}
          options={PETITION_CHANNELS.map((c) => ({ value: c, label: t.governance.petitionChannel[c] ?? c }))}
          data-testid="petition-channel-filter"
        />
        <Checkbox checked={open} onChange={(e) => filter(setOpen)(e.target.checked)} data-testid="petition-open-filter">
          {text.openOnly}
        </Checkbox>
        <Checkbox checked={lawRelated} onChange={(e) => filter(setLawRelated)(e.target.checked)} data-testid="petition-law-filter">
          {text.lawRelatedOnly}
        </Checkbox>
      </Flex>
      <PagedTable<PetitionSummary> list={list} columns={columns} pagination={pagination} empty={text.empty} testId="petition-table" />
      {registering ? (
        <RegisterPetitionModal
          onClose={() => setRegistering(false)}
          onDone={(id) => {
            setRegistering(false);
            navigate(`/petitions/${id}`);
          }}
        />
      ) : null}
    </>
  );
}

interface RegisterForm {
  channel: string;
  name: string;
  phone?: string;
  idNumber?: string;
  respondent: string;
  subject: string;
  content: string;
  regionCode?: string;
  lawRelated?: boolean;
}

/** A petition registered by the petition office: the route clock starts; the petitioner is given the tracking code. */
function RegisterPetitionModal({ onClose, onDone }: { onClose: () => void; onDone: (id: string) => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const text = t.governance.petitions;
  const desk = t.governance.desk;
  const check = (fn: (v: unknown, f: string) => { message: { zh: string; en: string } } | null) => ({
    validator: async (_: unknown, v: unknown) => {
      const p = fn(typeof v === 'string' ? v.trim() : v, 'field');
      if (p) throw new Error(pick(p.message));
    },
  });
  return (
    <FormModal<RegisterForm>
      title={text.register}
      okText={t.common.submit}
      testId="petition-register"
      initialValues={{ channel: 'visit', lawRelated: false }}
      onClose={onClose}
      onSubmit={async (v) => {
        const phone = v.phone?.trim();
        const idNumber = v.idNumber?.trim().toUpperCase();
        const body: NewPetition = {
          channel: v.channel,
          petitioner: { name: v.name.trim(), ...(phone ? { phone } : {}), ...(idNumber ? { idNumber } : {}) },
          respondent: v.respondent.trim(),
          subject: v.subject.trim(),
          content: v.content.trim(),
          ...(v.regionCode?.trim() ? { regionCode: v.regionCode.trim() } : {}),
          lawRelated: v.lawRelated ?? false,
        };
        const r = await governanceApi.registerPetition(body);
        message.success(text.registered(r.number, r.trackingCode));
        onDone(r.id);
      }}
    >
      <Form.Item name="channel" label={text.channel}>
        <Select options={PETITION_CHANNELS.map((c) => ({ value: c, label: t.governance.petitionChannel[c] ?? c }))} />
      </Form.Item>
      <Form.Item name="name" label={text.name} rules={[{ required: true, whitespace: true, message: text.required(text.name) }]}>
        <Input maxLength={100} data-testid="petition-name" />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="phone" label={text.phone} rules={[check(checkPhone)]} style={{ flex: 1 }}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={text.idNumber}
          rules={[check((v, f) => checkResidentId(typeof v === 'string' ? v.toUpperCase() : v, f, new Date()))]}
          style={{ flex: 1 }}
        >
          <Input maxLength={18} />
        </Form.Item>
      </Flex>
      <Form.Item name="respondent" label={text.respondent} rules={[{ required: true, whitespace: true, message: text.required(text.respondent) }]}>
        <Input maxLength={200} data-testid="petition-respondent" />
      </Form.Item>
      <Form.Item name="subject" label={text.subject} rules={[{ required: true, whitespace: true, message: text.required(text.subject) }]}>
        <Input maxLength={200} data-testid="petition-subject" />
      </Form.Item>
      <Form.Item name="content" label={text.content} rules={[{ required: true, whitespace: true, message: text.required(text.content) }]}>
        <Input.TextArea rows={4} maxLength={20_000} showCount data-testid="petition-content" />
      </Form.Item>
      <Form.Item name="regionCode" label={desk.region} rules={[{ pattern: /^[0-9]{6}([0-9]{3})?$/, message: desk.regionHint }]}>
        <Input maxLength={9} />
      </Form.Item>
      <Form.Item name="lawRelated" label={text.lawRelated} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}
