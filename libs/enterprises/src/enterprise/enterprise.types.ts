/** The facts of one enterprise that rules may test (see ENTERPRISE_FACTS). Money in fen. */
export interface EnterpriseFacts {
  name: string;
  districtCode: string | null;
  industryCode: string | null;
  scale: 'large' | 'medium' | 'small' | 'micro' | null;
  establishedOn: string | null;
  registeredCapital: number | null;
  employees: number | null;
  revenue: number | null;
  taxPaid: number | null;
  rdExpense: number | null;
  exports: number | null;
  rdIntensity: number | null;
  revenueGrowth: number | null;
  tags: string[];
  creditStatus: 'good' | 'dishonest';
  isListed: boolean | null;
}

export const FACT_KEYS: ReadonlyArray<keyof EnterpriseFacts> = [
  'name', 'districtCode', 'industryCode', 'scale', 'establishedOn', 'registeredCapital', 'employees', 'revenue',
  'taxPaid', 'rdExpense', 'exports', 'rdIntensity', 'revenueGrowth', 'tags', 'creditStatus', 'isListed',
];

/** Everything about an enterprise except secrets in clear: accounts and phones are masked. */
export interface EnterpriseView extends EnterpriseFacts {
  id: string;
  creditCode: string;
  creditSource: string | null;
  creditSince: string | null;
  creditUntil: string | null;
  bankName: string | null;
  bankAccountMasked: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  version: number;
  updatedAt: string;
}

/** An enterprise as written by import or the seed: facts plus the sensitive fields in clear. */
export interface EnterpriseInput extends EnterpriseFacts {
  creditCode: string;
  creditSource?: string | null;
  creditSince?: string | null;
  creditUntil?: string | null;
  bankName?: string | null;
  bankAccount?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}
