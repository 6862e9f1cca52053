/**
 * One error type with a stable code and a bilingual message; the HTTP layer maps codes to statuses here,
 * in one table. New capabilities add their codes to ERROR_CODES.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的请求内容类型', en: 'Unsupported content type' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体超过大小限制', en: 'The request body is too large' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please log in' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  CSRF_HEADER_MISSING: {
    status: 403,
    zh: '请求缺少防跨站伪造标头',
    en: 'The request lacks the anti-forgery header',
  },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You do not have the right to do this' },
  NOT_FOUND: { status: 404, zh: '未找到请求的资源', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The username is already taken' },
  REGION_NOT_FOUND: { status: 422, zh: '所选行政区划不存在', en: 'The chosen region does not exist' },
  METRIC_UNKNOWN: { status: 422, zh: '没有这项指标', en: 'No such metric' },
  REPORT_UNKNOWN: { status: 422, zh: '没有这张统计报表', en: 'No such report' },
  REPORT_PERIOD_INVALID: { status: 422, zh: '统计期间须为 YYYY、YYYY-Qn、YYYY-MM 或 YYYY-MM-DD..YYYY-MM-DD（不超过一年）', en: 'The period must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (a year at most)' },
  REPORT_FORMAT_UNSUPPORTED: { status: 422, zh: '该报表不提供此格式', en: 'The report is not offered in this format' },
  UNIT_NOT_FOUND: { status: 422, zh: '所选单位不存在', en: 'The chosen unit does not exist' },
  ROLE_NOT_OFFERED: {
    status: 422,
    zh: '该单位不设此角色',
    en: 'The unit does not have this role',
  },
  INVALID_RESIDENT_ID: { status: 400, zh: '公民身份号码无效', en: 'Invalid resident ID number' },
  INVALID_ORG_CODE: { status: 400, zh: '统一社会信用代码无效', en: 'Invalid unified social credit code' },
  INVALID_PHONE: { status: 400, zh: '电话号码无效', en: 'Invalid phone number' },
  RULE_UNKNOWN: { status: 404, zh: '没有这条期限规则', en: 'No such time-limit rule' },
  EXTENSION_UNKNOWN: { status: 422, zh: '该期限规则没有这种延长', en: 'The rule has no such extension' },
  EXTENSION_OUT_OF_RANGE: { status: 422, zh: '延长的长度超出法定范围', en: 'The extension is outside its statutory bounds' },
  CLOCK_NOT_RUNNING: { status: 409, zh: '该期限没有在计算中', en: 'That time limit is not running' },
  LEDGER_INVALID: { status: 422, zh: '期限台账的事件不成立', en: 'The events of the ledger do not make sense' },
  DATE_INVALID: { status: 400, zh: '日期或时刻无效', en: 'Invalid date or time' },
  DOCUMENT_TYPE_UNSUPPORTED: {
    status: 415,
    zh: '文件不是受支持的 PDF、JPEG、PNG 或 OFD 文档',
    en: 'The file is not a supported PDF, JPEG, PNG or OFD document',
  },
  DOCUMENT_TYPE_MISMATCH: {
    status: 415,
    zh: '文件内容与声明的类型不符',
    en: 'The content of the file does not match its declared type',
  },
  DOCUMENT_TOO_LARGE: { status: 413, zh: '文件超过大小限制', en: 'The file is larger than allowed' },
  DOCUMENT_UNREADABLE: {
    status: 422,
    zh: '无法读取文档（已加密或已损坏），请另存为未加密的文件后重新上传',
    en: 'The document cannot be read (it is encrypted or damaged); save an unencrypted copy and upload it again',
  },
  DOCUMENT_ARCHIVE_TOO_LARGE: {
    status: 413,
    zh: 'OFD 文件解压后过大或包含的条目过多',
    en: 'The OFD file unpacks to too much data or holds too many entries',
  },
  DOCUMENT_DIGEST_INVALID: { status: 400, zh: '文件摘要无效', en: 'Invalid file digest' },
  DOCUMENT_CORRUPT: {
    status: 500,
    zh: '存储的文件已损坏，与其摘要不符',
    en: 'A stored file is damaged: its bytes no longer match its digest',
  },
  FLOW_TRANSITION_UNKNOWN: { status: 422, zh: '没有这一流转', en: 'No such transition' },
  FLOW_WRONG_STAGE: { status: 409, zh: '案件当前阶段不能进行此流转', en: 'The case is not at a stage this transition starts from' },
  FLOW_NOT_ALLOWED: { status: 403, zh: '本单位或本人不能进行此流转', en: 'Your unit or role may not fire this transition' },
  FLOW_DOCUMENTS_MISSING: { status: 422, zh: '缺少此流转必需的文书', en: 'Documents this transition requires are missing' },
  FLOW_LIMIT_REACHED: { status: 409, zh: '此流转已达法定次数上限', en: 'This transition has reached its statutory limit' },
  FLOW_EVIDENCE_MISSING: { status: 422, zh: '证据清单尚不齐全', en: 'The evidence checklist is not complete' },
  FLOW_IN_TRANSIT: { status: 409, zh: '案件正在移送途中，待接收方接收或退回后再办理', en: 'The case is in transit: wait until the receiver accepts or returns it' },
  FLOW_RECEIVER_INVALID: { status: 422, zh: '接收单位不符合此协同场景', en: 'The receiving unit does not fit this collaboration scenario' },
  MEASURE_UNKNOWN: { status: 422, zh: '没有这种强制措施', en: 'No such coercive measure' },
  CASE_NOT_FOUND: { status: 404, zh: '案件不存在或无权查看', en: 'No such case, or you may not see it' },
  PERSON_NOT_FOUND: { status: 404, zh: '案件中没有此人员', en: 'No such person in the case' },
  DOCUMENT_NOT_IN_CASE: { status: 422, zh: '所附文书不属于本案', en: 'An attached document does not belong to this case' },
  DOCUMENT_KIND_UNKNOWN: { status: 422, zh: '没有这种文书类别', en: 'No such kind of document' },
  CHARGE_UNKNOWN: { status: 422, zh: '罪名无效', en: 'Invalid charge' },
  CASE_ON_PAPER: {
    status: 409,
    zh: '本案按纸质卷宗办理（涉密或卷宗超过在线页数上限），不在线移送文书',
    en: 'This case is handled on paper (classified, or its dossier is over the online page limit): no documents go online',
  },
  DOSSIER_OVER_PAGE_LIMIT: {
    status: 409,
    zh: '卷宗超过在线页数上限，已登记为纸质卷宗办理',
    en: 'The dossier is over the online page limit: the case is now recorded as handled on paper',
  },
  TRANSFER_NOT_FOUND: { status: 404, zh: '移送记录不存在或无权查看', en: 'No such transfer, or you may not see it' },
  TRANSFER_ALREADY_HANDLED: { status: 409, zh: '该移送已被接收或退回', en: 'The transfer has already been accepted or returned' },
  TRANSFER_NOT_RECEIVER: { status: 403, zh: '只有接收单位可以接收或退回', en: 'Only the receiving unit may accept or return it' },
  SIGNATURE_INVALID: {
    status: 422,
    zh: '电子签章或文书摘要校验失败，不能接收',
    en: 'The e-seal or a document digest fails verification: the transfer cannot be accepted',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    zh: '同一幂等键已用于另一次不同的移送',
    en: 'The idempotency key was already used for a different transfer',
  },
  LOAN_NOT_FOUND: { status: 404, zh: '调阅申请不存在或无权查看', en: 'No such paper-dossier loan, or you may not see it' },
  LOAN_NOT_HOLDER: { status: 403, zh: '只有被申请调阅的单位可以审批调阅或登记归还', en: 'Only the unit asked for the dossier may decide on the loan or record its return' },
  LOAN_OWN_CASE: { status: 409, zh: '本单位正在办理此案，无需调阅纸质卷宗', en: 'Your unit holds this case: it has the paper dossier already' },
  LOAN_CASE_NOT_HELD: { status: 409, zh: '此案目前没有办理单位（已结案），无从调阅', en: 'No unit holds this case now (it is closed): there is no one to ask' },
  LOAN_ALREADY_OPEN: { status: 409, zh: '本单位对此案已有未结束的调阅申请', en: 'Your unit already has a loan of this dossier that is not over' },
  LOAN_ALREADY_DECIDED: { status: 409, zh: '该调阅申请已审批', en: 'The loan has already been decided' },
  LOAN_NOT_LENT: { status: 409, zh: '该卷宗未处于借出状态，不能登记归还', en: 'The dossier is not out on loan: there is no return to record' },
  LOAN_DUE_DATE_PAST: { status: 422, zh: '归还日期不能早于今天', en: 'The due date cannot be in the past' },
  PROPERTY_NOT_FOUND: { status: 404, zh: '涉案财物不存在或无权查看', en: 'No such item of seized property, or you may not see it' },
  PROPERTY_NOT_HELD: { status: 403, zh: '该财物不由本单位保管', en: 'Your unit does not hold this item' },
  PROPERTY_NOT_AVAILABLE: { status: 409, zh: '该财物正在移交途中或已处置', en: 'The item is being handed over or has been disposed of' },
  PROPERTY_PHOTO_INVALID: { status: 422, zh: '财物照片须为本案卷宗中的图片（JPEG、PNG）', en: 'A photo must be an image (JPEG, PNG) of this case\'s dossier' },
  PROPERTY_TRANSFER_INVALID: {
    status: 422,
    zh: '财物须随本单位发出的本案移送一并移交',
    en: 'Items go with a transfer of this case that your unit sent',
  },
  PROPERTY_TRANSFER_CLOSED: {
    status: 409,
    zh: '该移送已被退回或已答复，只能随待接收或已接收的移送移交财物',
    en: 'That transfer was returned or answered: items go only with a pending or accepted transfer',
  },
  PROPERTY_HANDOVER_NOT_FOUND: { status: 404, zh: '财物移交记录不存在或无权查看', en: 'No such hand-over of property, or you may not see it' },
  PROPERTY_HANDOVER_NOT_RECEIVER: { status: 403, zh: '只有接收单位可以接收财物', en: 'Only the receiving unit may receive the item' },
  PROPERTY_ALREADY_RECEIVED: { status: 409, zh: '该财物移交已接收', en: 'This hand-over of the item has already been received' },
  PROPERTY_TRANSFER_RETURNED: { status: 409, zh: '所随移送已被退回，不能接收财物', en: 'The transfer the item went with was returned: the item cannot be received' },
  WARNING_MODEL_UNKNOWN: { status: 404, zh: '没有这个预警模型', en: 'No such warning model' },
  WARNING_MODEL_FAILED: { status: 422, zh: '预警模型在数据库上运行出错', en: 'The warning model failed on the database' },
  SUPERVISION_WRONG_STATE: { status: 409, zh: '监督事项当前状态下不能进行此操作', en: 'The supervision item is not in a state that allows this' },
  SUPERVISION_CLASS_PARENT: {
    status: 409,
    zh: '类案整改的总事项随各单位分项办结，只能留言',
    en: 'A class remediation closes with its items per unit: it takes comments only',
  },
  SUPERVISION_NOTHING_TO_GROUP: { status: 422, zh: '没有可归并的预警', en: 'There are no warnings to group' },
  GRID_EVENT_WRONG_STATE: { status: 409, zh: '社会治理事件当前状态下不能进行此操作', en: 'The grid event is not in a state that allows this' },
  GRID_EVENT_CATEGORY_UNKNOWN: { status: 422, zh: '没有这种社会治理事件类别', en: 'No such category of grid event' },
  GRID_EVENT_PLACE_INVALID: { status: 422, zh: '事件地点须在有综治中心的乡镇（街道）', en: 'The place must be in a township with a governance center' },
  GRID_EVENT_NO_COUNTY_CENTER: { status: 422, zh: '本县没有社会治理中心，无法上报', en: 'The county has no governance center to escalate to' },
  GRID_EVENT_DEPARTMENT_INVALID: { status: 422, zh: '责任部门须为本县的单位', en: 'The responsible department must be a unit of the county' },
  GRID_EVENT_PHOTO_TYPE: { status: 415, zh: '事件照片须为 JPEG 或 PNG 图片', en: 'A photo of an event must be a JPEG or PNG image' },
  RISK_ASSESSMENT_WRONG_STATE: { status: 409, zh: '风险评估当前状态下不能进行此操作', en: 'The risk assessment is not in a state that allows this' },
  RISK_ASSESSMENT_INCOMPLETE: { status: 409, zh: '评定等级前须至少登记一条意见、列出一项风险', en: 'Rating needs at least one opinion gathered and one risk listed' },
  RISK_DECISION_NOT_ALLOWED: { status: 409, zh: '该风险等级不允许作出此项决策', en: 'The rating does not allow this decision' },
  RISK_MITIGATIONS_UNPLANNED: { status: 409, zh: '决策实施前须为每项风险制定防范措施', en: 'Every risk needs a planned mitigation before the decision to proceed' },
  RISK_MITIGATIONS_OPEN: { status: 409, zh: '后评估前须落实全部防范措施，或逐项说明未落实的原因', en: 'The review needs every mitigation done, or each open one explained' },
  RISK_ITEM_NOT_FOUND: { status: 404, zh: '该评估没有这项风险', en: 'The assessment has no such risk' },
  RISK_MITIGATION_NOT_FOUND: { status: 404, zh: '该评估没有这项防范措施', en: 'The assessment has no such mitigation' },
  RISK_MITIGATION_DONE: { status: 409, zh: '该防范措施已落实', en: 'The mitigation is already done' },
  RISK_ASSESSMENT_REGION_INVALID: { status: 422, zh: '决策所涉地区须为本单位所在地区或其下级地区', en: 'The region of the decision must be your unit\'s region or below it' },
  GRID_EVENT_PHOTO_LIMIT: { status: 409, zh: '该事件的照片已达上限', en: 'The event already holds as many photos as allowed' },
  PETITION_NOT_FOUND: { status: 404, zh: '信访事项不存在或无权查看', en: 'No such petition, or you may not see it' },
  PETITION_WRONG_STATE: { status: 409, zh: '信访事项当前状态下不能进行此操作', en: 'The petition is not in a state that allows this' },
  PETITION_ALREADY_EXTENDED: { status: 409, zh: '办理期限已经延长过一次', en: 'The handling period has already been extended once' },
  PETITION_UNIT_INVALID: { status: 422, zh: '所选单位不能办理此信访事项', en: 'The chosen unit cannot take this petition' },
  PETITION_OPTION_UNKNOWN: { status: 422, zh: '没有这种信访渠道或法律程序', en: 'No such petition channel or legal procedure' },
  DISPUTE_WRONG_STATE: { status: 409, zh: '矛盾纠纷当前状态下不能进行此操作', en: 'The dispute is not in a state that allows this' },
  DISPUTE_CONDITION_UNMET: { status: 409, zh: '矛盾纠纷不满足此操作的条件', en: 'The dispute does not meet the condition for this step' },
  DISPUTE_DUPLICATE: {
    status: 409,
    zh: '同一申请人就同一被申请人、同一类纠纷已有正在办理的登记，未重复登记',
    en: 'The same applicant already has an open dispute of this type against the same respondent; nothing was registered twice',
  },
  DISPUTE_TYPE_UNKNOWN: { status: 422, zh: '没有这种纠纷类型', en: 'No such type of dispute' },
  DISPUTE_REGION_INVALID: { status: 422, zh: '纠纷发生地须为本单位辖区内的行政区划', en: "The dispute's region must be a region within your unit's" },
  DISPUTE_CHANNEL_INVALID: { status: 422, zh: '此受理渠道不适用于您的单位或角色', en: 'This intake channel does not fit your unit or role' },
  DISPUTE_NO_ROUTE: { status: 422, zh: '按流转规则找不到可承接的单位，请手动指定', en: 'The routing rules find no unit with room; choose one by hand' },
  DISPUTE_TARGET_INVALID: { status: 422, zh: '所选单位不能承办这类化解方式', en: 'The chosen unit cannot take this kind of resolution' },
  DISPUTE_COURT_INVALID: { status: 422, zh: '司法确认须向辖区内的人民法院申请', en: 'Judicial confirmation is asked of a people’s court covering the dispute' },
  RECORD_KIND_UNKNOWN: { status: 422, zh: '没有这种办案记录', en: 'No such kind of case record' },
  INCIDENT_CATEGORY_UNKNOWN: { status: 422, zh: '没有这种警情类别', en: 'No such incident category' },
  INCIDENT_ALREADY_DECIDED: { status: 409, zh: '该警情已有处理结果', en: 'The incident already has an outcome' },
  IMPORT_FILE_EMPTY: { status: 422, zh: '文件为空，或没有表头行', en: 'The file is empty or has no header row' },
  IMPORT_FILE_TOO_LARGE: { status: 413, zh: '导入文件超过大小限制', en: 'The import file is larger than allowed' },
  IMPORT_TOO_MANY_ROWS: { status: 413, zh: '文件的数据行超过一次导入的上限，请拆分后分别导入', en: 'The file has more rows than one import allows; split it and import the parts' },
  IMPORT_NOT_A_WORKBOOK: {
    status: 415,
    zh: '文件不是有效的 Excel 工作簿（.xlsx），也不是 CSV 文本',
    en: 'The file is not a valid Excel workbook (.xlsx), nor CSV text',
  },
  IMPORT_LEGACY_XLS: {
    status: 415,
    zh: '不支持旧版 Excel 97-2003（.xls）文件或加密的工作簿，请在 Excel 中取消密码并另存为 .xlsx 或 CSV 后再导入',
    en: 'Excel 97-2003 (.xls) files and password-protected workbooks are not supported; remove the password and save the sheet as .xlsx or CSV in Excel, then import that',
  },
  IMPORT_WORKBOOK_TOO_LARGE: {
    status: 413,
    zh: 'Excel 文件解压后过大、压缩比异常或包含的条目过多，已拒绝',
    en: 'The Excel file unpacks to too much data, is compressed suspiciously well or holds too many entries: refused',
  },
  IMPORT_ENCODING_INVALID: {
    status: 422,
    zh: '文件的字符编码与所选编码不符，请另存为 UTF-8 或 GB18030 编码的 CSV，或指定正确的编码',
    en: 'The file is not in the chosen character encoding; save it as UTF-8 or GB18030 CSV, or name the right encoding',
  },
  IMPORT_FILE_UNREADABLE: { status: 422, zh: '无法按 CSV 格式读取文件', en: 'The file cannot be read as CSV' },
  IMPORT_COLUMNS_MISSING: { status: 422, zh: '表头缺少必需的列，或有列重复', en: 'The header row lacks required columns, or names a column twice' },
  PERIOD_TOO_LONG: { status: 400, zh: '期间过长', en: 'The period is too long' },
  PERIOD_INVALID: { status: 400, zh: '统计期间无效：起始日期不能晚于截止日期', en: 'Invalid period: the first day cannot come after the last' },
  // indicators and rankings (issue 7 part 2)
  PERIOD_LABEL_INVALID: { status: 400, zh: '统计期间的写法不对：日为 2026-11-21，月为 2026-11，季度为 2026-Q4', en: 'Not a period of that kind: a day is 2026-11-21, a month 2026-11, a quarter 2026-Q4' },
  PERIOD_NOT_ENDED: { status: 422, zh: '该期间尚未结束，不能生成快照（最近可生成的是昨天、上月、上季度）', en: 'The period has not ended: a snapshot is taken of yesterday, last month or last quarter at the latest' },
  SNAPSHOT_TAKEN: { status: 409, zh: '该期间、该地区的指标快照已生成，快照一经生成不再重算', en: 'A snapshot of that period and region was already taken; snapshots are never taken again' },
  SNAPSHOT_NOT_FOUND: { status: 404, zh: '该期间、该地区尚未生成指标快照', en: 'No snapshot of that period and region has been taken' },
  INDICATOR_UNKNOWN: { status: 422, zh: '没有这项指标', en: 'No such indicator' },
  REMEDIATION_ALREADY_LISTED: { status: 409, zh: '该地区已在挂牌整治中，摘牌后才能再次挂牌', en: 'The region is already listed for remediation; lift that listing first' },
  REMEDIATION_WRONG_STATE: { status: 409, zh: '挂牌整治当前状态下不能进行此操作', en: 'The remediation listing is not in a state that allows this' },
  PUBLIC_LIMIT_REACHED: { status: 429, zh: '提交或查询次数已达上限，请稍后再试', en: 'Too many attempts: try again later' },
  TRACKING_CODE_INVALID: { status: 400, zh: '查询码格式不正确，请核对后重新输入', en: 'That is not a valid tracking code: check it and type it again' },
  TRACKING_NOT_FOUND: { status: 404, zh: '查询码与手机号后四位不匹配', en: 'The tracking code and the last four digits of the phone do not match' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  MIGRATION_CHANGED: {
    status: 500,
    zh: '已执行的数据库迁移文件被修改',
    en: 'An applied database migration has been changed',
  },
  BACKUP_TARGET_NOT_EMPTY: { status: 409, zh: '目标位置不是空的：备份或恢复只写入空目录、空数据库', en: 'The target is not empty: a backup or a restore writes only into an empty folder or database' },
  BACKUP_INVALID: { status: 422, zh: '备份与其清单不符（已损坏或被篡改）', en: 'The backup does not match its manifest (damaged or tampered with)' },
  RESTORE_MASTER_KEY: { status: 422, zh: '主密钥缺失或与备份不符：无法打开备份中各单位的签章私钥', en: 'The master key is missing or not the backup\'s: it does not open the units\' sealed signing keys' },
  RESTORE_MISMATCH: { status: 500, zh: '恢复后的数据与备份清单不符', en: 'The restored instance does not match the backup manifest' },
  DATABASE_UNAVAILABLE: {
    status: 503,
    zh: '数据库暂时不可用（可能正在切换），本次操作可能未保存，请稍后查看后再试',
    en: 'The database is briefly unavailable (perhaps switching over); this may not have been saved: check, then try again',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
} as const satisfies Record<string, { status: number } & Bilingual>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly bilingual: Bilingual;
  readonly details: unknown;

  constructor(code: ErrorCode, details?: unknown, message?: Partial<Bilingual>) {
    const entry = ERROR_CODES[code];
    super(message?.en ?? entry.en);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.bilingual = { zh: message?.zh ?? entry.zh, en: message?.en ?? entry.en };
    this.details = details;
  }

  toBody(): { code: ErrorCode; message: Bilingual; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.bilingual }
      : { code: this.code, message: this.bilingual, details: this.details };
  }
}

/** A field-level problem, carried in `details` of VALIDATION_FAILED. */
export interface FieldProblem {
  field: string;
  message: Bilingual;
}

export function fieldError(code: ErrorCode, field: string, message: Bilingual): AppError {
  const problem: FieldProblem = { field, message };
  return new AppError(code, [problem]);
}
