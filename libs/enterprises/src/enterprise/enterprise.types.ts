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
  /** 数据来源 of every fact: which source, when, its record id (or a person, a correction, the file import). */
  provenance: FactProvenanceView[];
}

/**
 * Where a fact's current value came from (数据来源), kept per fact on the profile and with each
 * profile version that changed it: a data source's record (`source`), an accepted correction request
 * (`correction`, recordId = the request), a person by hand (`person`).
 */
export interface FactProvenance {
  via: 'source' | 'correction' | 'person';
  /** Data source code (DATA_SOURCES), null for a person. */
  source: string | null;
  sourceName: string;
  /** The source's own record id, or the correction request's id. */
  recordId: string | null;
  fetchedAt: string;
  /** The profile version that wrote it. */
  version: number;
}

/** A fact's provenance as shown on the profile; facts no source has written yet come from the file import (`import`). */
export interface FactProvenanceView extends Omit<FactProvenance, 'via' | 'fetchedAt' | 'version'> {
  fact: string;
  label: string;
  via: FactProvenance['via'] | 'import';
  fetchedAt: string | null;
  version: number | null;
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

/**
 * A fact a person changed by hand, kept on the profile while it stands (a data source writing the
 * fact again clears it): what pre-qualification flags on the applications it leads to.
 */
export interface ManualFactChange {
  fact: string;
  label: string;
  before: unknown;
  after: unknown;
  /** The profile version the change made. */
  version: number;
  actorId: string;
  actorName: string;
  actorRole: string;
  department: string | null;
  reason: string;
  at: string;
}

/** Who wrote a profile version: a person (by hand) or a data source (import, seed, a derived tag's rule). */
export interface ChangeAuthor {
  kind: 'person' | 'source';
  id: string | null;
  name?: string | null;
  role?: string | null;
  department?: string | null;
}
