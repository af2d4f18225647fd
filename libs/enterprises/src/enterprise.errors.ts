import { defineErrors } from '@app/core';

/** Names for codes used in code; statuses and messages are in ENTERPRISE_ERRORS below. */
export const EnterpriseErrors = {
  /** The caller's department (or role) does not own the fact, tag or field it tried to change. */
  FactNotOwned: 'ENTERPRISE.FACT_NOT_OWNED',
  /** Only the data source may write it (credit status: the 失信 list import), whoever asks. */
  FactSourceOnly: 'ENTERPRISE.FACT_SOURCE_ONLY',
  /** Identification and account fields: never by PATCH (the account changes through a verified path). */
  FieldReadOnly: 'ENTERPRISE.FIELD_READ_ONLY',
  UnknownField: 'ENTERPRISE.UNKNOWN_FIELD',
  ReasonRequired: 'ENTERPRISE.REASON_REQUIRED',
} as const;

/** Error catalogue of 一企一档（企业档案、导入、标签库）: HTTP status and default Chinese message of every code. */
export const ENTERPRISE_ERRORS = defineErrors('enterprises', {
  'CORRECTION.ALREADY_OPEN': [409, '该数据项已有待核实的异议'],
  'CORRECTION.EVIDENCE_REQUIRED': [400, '请说明异议理由与证据'],
  'CORRECTION.NO_SOURCE': [422, '该数据项没有来自部门数据来源的值，不能提出数据异议'],
  'CORRECTION.NOT_FOUND': [404, '数据异议不存在'],
  'CORRECTION.NOT_OWNER_DEPARTMENT': [403, '只有数据来源所属部门可以处理该异议'],
  'CORRECTION.NOT_PENDING': [409, '该异议已处理'],
  'CORRECTION.REASON_REQUIRED': [400, '请填写处理意见'],
  'CORRECTION.VALUE_REQUIRED': [400, '予以更正时须填写更正后的值'],
  'DATA_SOURCE.INVALID_RECORD': [422, '数据记录格式不正确'],
  'DATA_SOURCE.INVALID_VALUE': [422, '数据记录的取值校验未通过'],
  'DATA_SOURCE.NOT_FOUND': [404, '数据来源不存在'],
  'DATA_SOURCE.UNKNOWN_ENTERPRISE': [422, '数据记录所指企业不在平台中'],
  'DATA_SOURCE.UNKNOWN_FIELD': [422, '数据来源的字段未配置映射'],
  'ENTERPRISE.AMOUNT_TOO_LARGE': [413, '金额超出允许范围'],
  'ENTERPRISE.FACT_NOT_OWNED': [403, '该数据项不属于本部门，不能修改'],
  'ENTERPRISE.FACT_SOURCE_ONLY': [403, '该数据项只能由其数据来源更新（如失信名单导入）'],
  'ENTERPRISE.FIELD_READ_ONLY': [403, '统一社会信用代码与银行账号不能在此修改'],
  'ENTERPRISE.INVALID': [400, '企业信息校验未通过'],
  'ENTERPRISE.INVALID_AMOUNT': [400, '金额须为以分为单位的整数'],
  'ENTERPRISE.INVALID_BANK_ACCOUNT': [400, '银行账号应为 8–32 位数字'],
  'ENTERPRISE.INVALID_BOOLEAN': [400, '取值须为是或否'],
  'ENTERPRISE.INVALID_CREDIT_CODE': [400, '统一社会信用代码不正确'],
  'ENTERPRISE.INVALID_CREDIT_STATUS': [400, '信用状态取值不正确'],
  'ENTERPRISE.INVALID_DATE': [400, '成立日期不能晚于今天'],
  'ENTERPRISE.INVALID_DISTRICT': [400, '行政区划代码不正确'],
  'ENTERPRISE.INVALID_EMPLOYEES': [400, '从业人数须为非负整数'],
  'ENTERPRISE.INVALID_INDUSTRY': [400, '行业代码不正确'],
  'ENTERPRISE.INVALID_NUMBER': [400, '数值不正确'],
  'ENTERPRISE.INVALID_PHONE': [400, '联系电话应为手机号或座机号'],
  'ENTERPRISE.INVALID_SCALE': [400, '企业规模取值不正确'],
  'ENTERPRISE.INVALID_TAG': [400, '未知的企业标签'],
  'ENTERPRISE.INVALID_TEXT': [400, '文本含有不允许的字符'],
  'ENTERPRISE.NAME_REQUIRED': [400, '企业名称不能为空'],
  'ENTERPRISE.NAME_TOO_LONG': [422, '企业名称不超过200字'],
  'ENTERPRISE.NEGATIVE_AMOUNT': [422, '金额不能为负数'],
  'ENTERPRISE.NOT_FOUND': [404, '企业不存在'],
  'ENTERPRISE.REASON_REQUIRED': [400, '修改企业数据须填写修改原因'],
  'ENTERPRISE.UNKNOWN_FIELD': [400, '未知的数据项'],
  'IMPORT.DUPLICATE_IN_FILE': [422, '文件中有重复的企业'],
  'IMPORT.FILE_REQUIRED': [400, '请上传文件（字段名 file）'],
  'IMPORT.FILE_UNREADABLE': [422, '文件无法读取'],
  'IMPORT.UNREADABLE_ROW': [422, '该行无法读取'],
  'IMPORT.UNSUPPORTED_FORMAT': [400, '仅支持 .csv、.xlsx、.ndjson 文件'],
  'TAG.ALREADY_EXISTS': [409, '标签代码或名称已存在'],
  'TAG.INVALID_RULE': [400, '标签规则不合法'],
  'TAG.NOT_FOUND': [404, '标签不存在'],
});
