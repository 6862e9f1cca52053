// The cockpit pages' own words (the panels' names and definitions come from the server, in both languages).
export const COCKPIT_TEXT = {
  title: { zh: '驾驶舱', en: 'Cockpit' },
  asOf: { zh: '数据时点', en: 'As of' },
  up: { zh: '返回上一级', en: 'Up one level' },
  listTitle: { zh: '数字背后的清单', en: 'The rows behind the figure' },
  back: { zh: '返回驾驶舱', en: 'Back to the cockpit' },
  number: { zh: '编号', en: 'Number' },
  what: { zh: '事项', en: 'Matter' },
  state: { zh: '状态', en: 'State' },
  unit: { zh: '单位', en: 'Unit' },
  at: { zh: '时间', en: 'Date' },
  kinds: {
    case: { zh: '案件', en: 'Cases' },
    clock: { zh: '办案期限', en: 'Statutory clocks' },
    warning: { zh: '预警', en: 'Warnings' },
    supervision: { zh: '监督事项', en: 'Supervision items' },
    dispute: { zh: '矛盾纠纷', en: 'Disputes' },
    petition: { zh: '信访', en: 'Petitions' },
    transfer: { zh: '移送交接', en: 'Hand-overs' },
  } as Record<string, { zh: string; en: string }>,
} as const;
