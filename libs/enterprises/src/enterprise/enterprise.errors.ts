import { registerErrorStatus } from '@app/core';

/** Error codes of 一企一档 whose status does not follow the suffix conventions. */
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

registerErrorStatus(EnterpriseErrors.FactNotOwned, 403);
registerErrorStatus(EnterpriseErrors.FactSourceOnly, 403);
registerErrorStatus(EnterpriseErrors.FieldReadOnly, 403);
registerErrorStatus(EnterpriseErrors.UnknownField, 400);
