// All visible text of the web app, in Simplified Chinese (the default) and English, and the language switch.
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { ConfigProviderProps } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { Agency, Bilingual, Level, MenuKey, RegionLevel, Role } from './api/types.ts';
import { casesEn, casesZh } from './i18n-cases.ts';
import { governanceEn, governanceZh } from './i18n-governance.ts';
import { oversightEn, oversightZh } from './i18n-oversight.ts';

export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];

const zh = {
  app: { name: '政法协同办案与监督平台' },
  lang: { switchTo: 'English', switchTitle: '切换语言 / Switch language' },
  common: {
    loading: '加载中…',
    retry: '重试',
    cancel: '取消',
    submit: '提交',
    close: '关闭',
    none: '—',
    total: (n: number) => `共 ${n} 条`,
    networkError: '无法连接服务器，请检查网络后重试',
    httpError: (status: number) => `服务器返回错误（HTTP ${status}）`,
    unexpectedError: '发生意外错误，请刷新页面后重试',
  },
  login: {
    title: '用户登录',
    username: '用户名',
    password: '密码',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    submit: '登录',
  },
  layout: { logout: '退出登录', unit: '单位' },
  menu: { home: '首页', cockpit: '驾驶舱', cases: '案件', warnings: '预警监督台', supervision: '监督事项', 'warning-models': '预警模型', 'dispute-desk': '纠纷受理窗口', disputes: '矛盾纠纷', petitions: '信访', 'grid-events': '网格事件', 'governance-metrics': '治理指标', 'risk-assessments': '风险评估', rankings: '晾晒排名', reports: '报表中心', 'collaboration-rate': '协同率', users: '用户管理', units: '单位管理', regions: '行政区划', audit: '审计日志', deadlines: '期限计算' } satisfies Record<
    MenuKey,
    string
  >,
  deadlines: {
    rule: '期限规则',
    rulePlaceholder: '按名称或编号搜索，如 cpl.investigation.custody',
    start: '起算事件发生时间（北京时间）',
    custody: '在押（依刑事诉讼法第105条，节假日不顺延）',
    extensions: '已批准的延长（按法定最长期限）',
    compute: '计算',
    due: '届满',
    provisional: '暂定：计算涉及尚未载入国务院节假日安排的年份。',
    steps: '计算过程',
    basis: '法律依据',
    length: '期限',
    startsOn: '起算',
    approver: '批准',
  },
  collaboration: {
    period: '统计期间（按移送发出日，北京时间）',
    lastMonth: '上月',
    thisMonth: '本月',
    lastQuarter: '近三个月',
    thisYear: '今年',
    by: '统计口径',
    byUnit: '按单位',
    byCounty: '按县',
    days: '接收时限 N（自然日）',
    daysSuffix: '日内',
    unit: '单位',
    county: '县（区）',
    agency: '机构类别',
    units: '单位数',
    sentOnlineRate: '在线移送率',
    sentOnlineHint: '按移送单位统计：在线移送件数 / 移送总件数',
    receivedInTimeRate: (n: number) => `${n}日内在线接收率`,
    receivedInTimeHint: '按接收单位统计：按时在线接收件数 / 应接收件数',
    pending: '待接收',
    pendingHint: '尚待接收且发出未满时限：不计入接收率的分母',
    total: '合计',
    definition: '统计口径说明',
    chart: '协同率对比',
    none: '本期间无可统计的单位',
    noShare: '—',
    share: (rate: number, n: number, d: number) => `${(rate * 100).toFixed(1)}%（${n}/${d}）`,
  },
  home: {
    unit: '所在单位',
    region: '所在区划',
    role: '角色',
    agency: '机构类别',
    unitLevel: '单位层级',
    regionCode: '区划代码',
    regionLevel: '区划层级',
    username: '用户名',
    inbox: '待办事项',
    inboxEmpty: '暂无待办',
    due: (when: string) => `截止 ${when}`,
    unitsChart: '本区划单位（按机构类别）',
    unitsChartSeries: '单位数',
    unitsChartEmpty: '暂无单位',
    unitsChartTruncated: (shown: number, total: number) => `仅统计前 ${shown} 个单位（共 ${total} 个）`,
  },
  users: {
    newUser: '新建用户',
    username: '用户名',
    displayName: '姓名',
    password: '初始密码',
    role: '角色',
    unit: '单位',
    phone: '手机号码',
    idNumber: '公民身份号码',
    active: '状态',
    activeYes: '启用',
    activeNo: '停用',
    actions: '操作',
    reveal: '查看完整个人信息',
    revealTitle: (name: string) => `完整个人信息：${name}`,
    revealAudited: '本次查看已记入审计日志。',
    created: (name: string) => `已创建用户「${name}」`,
    required: (field: string) => `请填写${field}`,
    unitSearch: '输入名称搜索单位',
    create: '创建',
  },
  units: {
    name: '单位名称',
    agency: '机构类别',
    level: '层级',
    region: '所在区划',
    orgCode: '统一社会信用代码',
    allAgencies: '全部机构类别',
    allRegions: '全部区划',
  },
  regions: { name: '名称', code: '区划代码', level: '层级' },
  audit: {
    seq: '序号',
    at: '时间',
    actor: '操作人',
    system: '系统',
    action: '操作',
    resource: '对象类型',
    resourceId: '对象标识',
    clientAddress: '客户端地址',
    verify: '校验审计链',
    verifyOk: (checked: number) => `审计链完整：已校验 ${checked} 条记录`,
    verifyBroken: (seq: number, checked: number) => `审计链在第 ${seq} 条记录处断裂（已校验 ${checked} 条）`,
    verifyFailed: (checked: number) => `审计链校验未通过（已校验 ${checked} 条）`,
    reason: (reason: string) => `原因：${reason}`,
  },
  cases: casesZh,
  oversight: oversightZh,
  governance: governanceZh,
  forbidden: { subtitle: '抱歉，您无权访问此页面。', home: '返回首页' },
  notFound: { subtitle: '抱歉，您访问的页面不存在。', home: '返回首页' },
  role: {
    handler: '承办人',
    'unit-head': '单位负责人',
    supervisor: '监督员',
    mediator: '调解员',
    'grid-worker': '网格员',
    administrator: '系统管理员',
    auditor: '审计员',
  } satisfies Record<Role, string>,
  agency: {
    committee: '政法委',
    police: '公安机关',
    procuratorate: '人民检察院',
    court: '人民法院',
    'justice-bureau': '司法行政机关',
    prison: '监狱',
    'detention-house': '看守所',
    'correction-office': '社区矫正机构',
    'governance-center': '社会治理中心',
    'mediation-committee': '人民调解委员会',
    'petition-office': '信访部门',
  } satisfies Record<Agency, string>,
  unitLevel: { province: '省级', city: '市级', county: '县级', township: '乡镇级' } satisfies Record<Level, string>,
  regionLevel: { province: '省', city: '市', county: '县', township: '乡镇' } satisfies Record<RegionLevel, string>,
};

export type Dict = typeof zh;

const en: Dict = {
  app: { name: 'CaseLink' },
  lang: { switchTo: '中文', switchTitle: '切换语言 / Switch language' },
  common: {
    loading: 'Loading…',
    retry: 'Retry',
    cancel: 'Cancel',
    submit: 'Submit',
    close: 'Close',
    none: '—',
    total: (n) => `${n} in total`,
    networkError: 'Cannot reach the server. Check the network and try again.',
    httpError: (status) => `The server answered with an error (HTTP ${status})`,
    unexpectedError: 'Something unexpected happened. Reload the page and try again.',
  },
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    usernameRequired: 'Enter your username',
    passwordRequired: 'Enter your password',
    submit: 'Sign in',
  },
  layout: { logout: 'Log out', unit: 'Unit' },
  menu: { home: 'Home', cockpit: 'Cockpit', cases: 'Cases', warnings: 'Warnings desk', supervision: 'Supervision items', 'warning-models': 'Warning models', 'dispute-desk': 'Dispute intake desk', disputes: 'Disputes', petitions: 'Petitions', 'grid-events': 'Grid events', 'governance-metrics': 'Governance metrics', 'risk-assessments': 'Risk assessments', rankings: 'Rankings', reports: 'Report centre', 'collaboration-rate': 'Collaboration rate', users: 'Users', units: 'Units', regions: 'Regions', audit: 'Audit log', deadlines: 'Deadlines' },
  deadlines: {
    rule: 'Time limit',
    rulePlaceholder: 'Search by name or id, e.g. cpl.investigation.custody',
    start: 'Starting event at (Beijing time)',
    custody: 'In custody (CPL 105: a holiday does not extend it)',
    extensions: 'Extensions granted (at their statutory maximum)',
    compute: 'Compute',
    due: 'Ends',
    provisional: 'Provisional: a year whose State Council holiday notice is not loaded was consulted.',
    steps: 'How it was computed',
    basis: 'Legal basis',
    length: 'Length',
    startsOn: 'Runs from',
    approver: 'approved by',
  },
  collaboration: {
    period: 'Period (by the day each transfer was sent, China Standard Time)',
    lastMonth: 'Last month',
    thisMonth: 'This month',
    lastQuarter: 'Last three months',
    thisYear: 'This year',
    by: 'Figures by',
    byUnit: 'Unit',
    byCounty: 'County',
    days: 'Receiving time limit N (calendar days)',
    daysSuffix: 'days',
    unit: 'Unit',
    county: 'County',
    agency: 'Agency',
    units: 'Units',
    sentOnlineRate: 'Sent online',
    sentOnlineHint: 'Counted for the sending unit: transfers sent online / all transfers sent',
    receivedInTimeRate: (n) => `Received online within ${n} day(s)`,
    receivedInTimeHint: 'Counted for the receiving unit: received online in time / transfers to receive',
    pending: 'Pending',
    pendingHint: 'Still waiting and within the time limit: not in the denominator of the receiving share',
    total: 'Total',
    definition: 'Definition',
    chart: 'Collaboration rate compared',
    none: 'No units to count in this period',
    noShare: '—',
    share: (rate, n, d) => `${(rate * 100).toFixed(1)}% (${n}/${d})`,
  },
  home: {
    unit: 'My unit',
    region: 'My region',
    role: 'Role',
    agency: 'Agency',
    unitLevel: 'Unit level',
    regionCode: 'Region code',
    regionLevel: 'Region level',
    username: 'Username',
    inbox: 'Work inbox',
    inboxEmpty: 'Nothing to do',
    due: (when) => `Due ${when}`,
    unitsChart: 'Units in my region by agency',
    unitsChartSeries: 'Units',
    unitsChartEmpty: 'No units',
    unitsChartTruncated: (shown, total) => `Counts the first ${shown} of ${total} units only`,
  },
  users: {
    newUser: 'New user',
    username: 'Username',
    displayName: 'Display name',
    password: 'Initial password',
    role: 'Role',
    unit: 'Unit',
    phone: 'Mobile phone',
    idNumber: 'Resident ID number',
    active: 'Status',
    activeYes: 'Active',
    activeNo: 'Inactive',
    actions: 'Actions',
    reveal: 'Reveal personal data',
    revealTitle: (name) => `Personal data: ${name}`,
    revealAudited: 'This read has been recorded in the audit log.',
    created: (name) => `User "${name}" created`,
    required: (field) => `${field} is required`,
    unitSearch: 'Type to search units',
    create: 'Create',
  },
  units: {
    name: 'Unit name',
    agency: 'Agency',
    level: 'Level',
    region: 'Region',
    orgCode: 'Unified social credit code',
    allAgencies: 'All agencies',
    allRegions: 'All regions',
  },
  regions: { name: 'Name', code: 'Region code', level: 'Level' },
  audit: {
    seq: 'Seq.',
    at: 'Time',
    actor: 'Actor',
    system: 'System',
    action: 'Action',
    resource: 'Resource kind',
    resourceId: 'Resource ID',
    clientAddress: 'Client address',
    verify: 'Verify chain',
    verifyOk: (checked) => `The audit chain is intact: ${checked} records checked`,
    verifyBroken: (seq, checked) => `The audit chain breaks at record ${seq} (${checked} checked)`,
    verifyFailed: (checked) => `The audit chain did not verify (${checked} checked)`,
    reason: (reason) => `Reason: ${reason}`,
  },
  cases: casesEn,
  oversight: oversightEn,
  governance: governanceEn,
  forbidden: { subtitle: 'Sorry, you may not open this page.', home: 'Back to home' },
  notFound: { subtitle: 'Sorry, this page does not exist.', home: 'Back to home' },
  role: {
    handler: 'Case handler',
    'unit-head': 'Unit head',
    supervisor: 'Supervisor',
    mediator: 'Mediator',
    'grid-worker': 'Grid worker',
    administrator: 'System administrator',
    auditor: 'Auditor',
  },
  agency: {
    committee: 'Political-legal committee',
    police: 'Public security',
    procuratorate: "People's procuratorate",
    court: "People's court",
    'justice-bureau': 'Justice bureau',
    prison: 'Prison',
    'detention-house': 'Detention house',
    'correction-office': 'Community correction office',
    'governance-center': 'Social governance center',
    'mediation-committee': "People's mediation committee",
    'petition-office': 'Petition office',
  },
  unitLevel: { province: 'Provincial', city: 'Municipal', county: 'County-level', township: 'Township-level' },
  regionLevel: { province: 'Province', city: 'City', county: 'County', township: 'Township' },
};

type Locale = NonNullable<ConfigProviderProps['locale']>;

const DICTIONARIES: Record<Lang, Dict> = { 'zh-CN': zh, 'en-US': en };
const ANTD_LOCALES: Record<Lang, Locale> = { 'zh-CN': zhCN, 'en-US': enUS };
const STORAGE_KEY = 'caselink.lang';

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'zh-CN' || v === 'en-US') return v;
  } catch {
    // storage blocked: fall back to the default
  }
  return 'zh-CN';
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Dict;
  antdLocale: Locale;
  /** The server's bilingual text in the current language. */
  pick: (text: Bilingual) => string;
  /** A name the server gives in Chinese and English; falls back to Chinese when no English name is set. */
  name: (zhName: string, enName: string | null | undefined) => string;
  formatDateTime: (iso: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice then lasts for this page only
    }
  }, []);

  const t = DICTIONARIES[lang];
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.app.name;
  }, [lang, t]);

  const value = useMemo<I18n>(() => {
    const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });
    return {
      lang,
      setLang,
      t,
      antdLocale: ANTD_LOCALES[lang],
      pick: (text) => (lang === 'en-US' ? text.en : text.zh),
      name: (zhName, enName) => (lang === 'en-US' && enName ? enName : zhName),
      formatDateTime: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
      },
    };
  }, [lang, setLang, t]);

  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}
