/**
 * What a declarative warning model may speak of: each subject is a kind of record (a running clock, a
 * hand-over, a case …) with the fields a condition may test, and the units that may be made to answer for a
 * hit. The SQL here is the only place the declarative form meets the tables.
 */

export type FieldType = 'text' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'date';

export interface SubjectField {
  sql: string;
  type: FieldType;
  description: { zh: string; en: string };
}

export interface Subject {
  /** FROM … (with its joins); the subject's alias is the first one. */
  from: string;
  /** The hit's subject: one row per subject, so the model's hit is recorded once per record. */
  subjectId: string;
  caseId: string;
  /** The units that may answer for a hit, by name, with their words; the first is the default. */
  answering: Record<string, AnsweringUnit>;
  /** What a hit shows of its subject (jsonb_build_object arguments). */
  facts: string;
  fields: Record<string, SubjectField>;
}

export interface AnsweringUnit {
  sql: string;
  zh: string;
  en: string;
}

const f = (sql: string, type: FieldType, zh: string, en: string): SubjectField => ({ sql, type, description: { zh, en } });
const a = (sql: string, zh: string, en: string): AnsweringUnit => ({ sql, zh, en });

const CASE_FIELDS: Record<string, SubjectField> = {
  case_stage: f('c.stage', 'text', '案件所处阶段', "the case's stage"),
  case_charge: f('c.charge', 'text', '案由（罪名）', "the case's charge"),
  case_classified: f('c.classified', 'boolean', '涉密案件', 'the case is classified'),
  case_on_paper: f('c.on_paper', 'boolean', '案卷以纸质流转', "the case's dossier travels on paper"),
  case_closed: f('(c.closed_at IS NOT NULL)', 'boolean', '案件已办结', 'the case is closed'),
  case_closed_at: f('c.closed_at', 'timestamp', '办结时间', 'when the case was closed'),
  case_registered_at: f('c.registered_at', 'timestamp', '立案时间', 'when the case was registered'),
};

export const SUBJECTS = {
  clock: {
    from: 'case_clock k JOIN criminal_case c ON c.id = k.case_id LEFT JOIN case_person p ON p.id = k.person_id',
    subjectId: 'k.id::text',
    caseId: 'k.case_id',
    answering: { clock_unit: a('coalesce(k.unit_id, c.holder_unit_id)', '期限所在的办案单位', 'The unit whose period it is'), case_holder: a('c.holder_unit_id', '案件现承办单位', 'The unit now holding the case') },
    facts: "'rule', k.rule_id, 'due_at', k.due_at, 'person_id', k.person_id, 'case_number', c.case_number, 'provisional', k.provisional",
    fields: {
      rule_id: f('k.rule_id', 'text', '期限规则', 'the time-limit rule'),
      state: f('k.state', 'text', '期限状态（running / paused / stopped）', "the period's state (running, paused, stopped)"),
      due_at: f('k.due_at', 'timestamp', '届满时刻', 'the due moment'),
      started_at: f('k.started_at', 'timestamp', '起算时刻', 'when the period started'),
      updated_at: f('k.updated_at', 'timestamp', '期限最近一次变化', 'when the period last changed'),
      provisional: f('k.provisional', 'boolean', '暂定（涉及未载入的年份）', 'provisional (a year not loaded)'),
      person_role: f('p.role', 'text', '当事人身份', "the person's role"),
      person_measure: f('p.measure', 'text', '当事人所受强制措施', "the person's coercive measure"),
      person_in_custody: f('coalesce(p.in_custody, false)', 'boolean', '当事人在押', 'the person is in custody'),
      ...CASE_FIELDS,
    },
  },
  transfer: {
    from: 'transfer t JOIN criminal_case c ON c.id = t.case_id',
    subjectId: 't.id::text',
    caseId: 't.case_id',
    answering: { receiver: a('t.receiver_unit_id', '接收单位', 'The receiving unit'), sender: a('t.sender_unit_id', '移送单位', 'The sending unit') },
    facts: "'scenario', t.scenario, 'transition', t.transition, 'state', t.state, 'sent_at', t.sent_at, 'case_number', c.case_number",
    fields: {
      scenario: f('t.scenario', 'text', '协同场景', 'the collaboration scenario'),
      transition: f('t.transition', 'text', '流转环节', 'the transition'),
      state: f('t.state', 'text', '移送状态（sent / accepted / returned / answered）', 'the state (sent, accepted, returned, answered)'),
      sent_at: f('t.sent_at', 'timestamp', '发送时间', 'when it was sent'),
      received_at: f('t.received_at', 'timestamp', '接收时间', 'when it was received'),
      on_paper: f('t.on_paper', 'boolean', '纸质移送', 'handed over on paper'),
      evidence_override: f('t.evidence_override', 'text', '证据清单缺项的放行理由', 'the reason given to pass with checklist items missing'),
      from_stage: f('t.from_stage', 'text', '移送前阶段', 'the stage it left'),
      to_stage: f('t.to_stage', 'text', '移送后阶段', 'the stage it leads to'),
      ...CASE_FIELDS,
    },
  },
  case: {
    from: 'criminal_case c',
    subjectId: 'c.id::text',
    caseId: 'c.id',
    answering: { holder: a('c.holder_unit_id', '案件现承办单位', 'The unit now holding the case'), registering_unit: a('c.registered_by', '立案单位', 'The registering unit') },
    facts: "'case_number', c.case_number, 'stage', c.stage, 'charge', c.charge",
    fields: {
      stage: f('c.stage', 'text', '案件所处阶段', "the case's stage"),
      charge: f('c.charge', 'text', '案由（罪名）', "the case's charge"),
      classified: f('c.classified', 'boolean', '涉密案件', 'the case is classified'),
      on_paper: f('c.on_paper', 'boolean', '案卷以纸质流转', 'the dossier travels on paper'),
      on_paper_reason: f('c.on_paper_reason', 'text', '纸质流转的原因', 'why it travels on paper'),
      registered_at: f('c.registered_at', 'timestamp', '立案时间', 'when the case was registered'),
      closed_at: f('c.closed_at', 'timestamp', '办结时间', 'when the case was closed'),
    },
  },
  loan: {
    from: 'paper_loan l JOIN criminal_case c ON c.id = l.case_id',
    subjectId: 'l.id::text',
    caseId: 'l.case_id',
    answering: { requester: a('l.requester_unit_id', '调阅单位', 'The borrowing unit'), holder: a('l.holder_unit_id', '卷宗所在单位', 'The unit holding the dossier') },
    facts: "'state', l.state, 'due_date', l.due_date, 'case_number', c.case_number",
    fields: {
      state: f('l.state', 'text', '调阅状态（requested / lent / refused / returned）', 'the state (requested, lent, refused, returned)'),
      due_date: f('l.due_date', 'date', '应归还日期', 'the day it is due back'),
      requested_at: f('l.requested_at', 'timestamp', '申请时间', 'when it was asked for'),
      decided_at: f('l.decided_at', 'timestamp', '决定时间', 'when it was decided'),
      returned_at: f('l.returned_at', 'timestamp', '归还时间', 'when it came back'),
      ...CASE_FIELDS,
    },
  },
  property: {
    from: 'seized_property s JOIN criminal_case c ON c.id = s.case_id',
    subjectId: 's.id::text',
    caseId: 's.case_id',
    answering: { holder: a('s.holder_unit_id', '财物保管单位', 'The unit keeping the property'), case_holder: a('c.holder_unit_id', '案件现承办单位', 'The unit now holding the case') },
    facts: "'description', s.description, 'state', s.state, 'case_number', c.case_number",
    fields: {
      state: f('s.state', 'text', '财物状态（held / in-transfer / disposed）', 'the state (held, in-transfer, disposed)'),
      registered_at: f('s.registered_at', 'timestamp', '登记时间', 'when it was registered'),
      held_by_case_holder: f('(s.holder_unit_id = c.holder_unit_id)', 'boolean', '由案件现承办单位保管', 'held by the unit now holding the case'),
      ...CASE_FIELDS,
    },
  },
} satisfies Record<string, Subject>;

export type SubjectName = keyof typeof SUBJECTS;
export const SUBJECT_NAMES = Object.keys(SUBJECTS) as SubjectName[];
