import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the simulated bank keeps of one instruction: one row ever, whatever is asked twice. */
export interface SimPayment {
  instructionId: string;
  amountFen: number;
  payeeName: string;
  accountTail: string;
  status: 'settled' | 'returned' | 'failed';
  bankRef: string;
  reason: string | null;
  at: string;
}

export interface SimSummary {
  /** Instructions booked (debited, possibly returned later) — at most one per instruction id. */
  debits: number;
  debitedFen: number;
  settledFen: number;
  returnedFen: number;
  refused: number;
  /** Submissions of an instruction the bank already held (refused as a second debit). */
  duplicatesRefused: number;
  requests: number;
}

/** The simulated bank's own storage, so it survives the platform's crashes (and its own restarts). */
export interface SimStore {
  init(): Promise<void>;
  /** Books what it does not hold yet (by instruction id); logs every request; returns the ids newly booked. */
  book(payments: SimPayment[]): Promise<Set<string>>;
  find(instructionIds: string[]): Promise<SimPayment[]>;
  summary(): Promise<SimSummary>;
  /** Every booked payment, in booking order (statements, tests). */
  all(): Promise<SimPayment[]>;
}

export type SqlRunner = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

const fromRow = (r: Record<string, unknown>): SimPayment => ({
  instructionId: String(r.instruction_id),
  amountFen: Number(r.amount_fen),
  payeeName: String(r.payee_name),
  accountTail: String(r.account_tail),
  status: r.status as SimPayment['status'],
  bankRef: String(r.bank_ref),
  reason: (r.reason as string | null) ?? null,
  at: new Date(r.at as string).toISOString(),
});

/** Tables in the bank's own schema `treasury_sim` (same PostgreSQL or PGlite, never the platform's tables). */
export class PgSimStore implements SimStore {
  private ready?: Promise<void>;

  constructor(private readonly sql: SqlRunner) {}

  init(): Promise<void> {
    this.ready ??= (async () => {
      // Several processes may start at once: one DO block (one transaction) under a lock creates it all.
      await this.sql(`DO $$ BEGIN
        PERFORM pg_advisory_xact_lock(7006001);
        CREATE SCHEMA IF NOT EXISTS treasury_sim;
        CREATE TABLE IF NOT EXISTS treasury_sim.payments (
          seq bigserial NOT NULL,
          instruction_id uuid CONSTRAINT "PK_sim_payments" PRIMARY KEY,
          amount_fen bigint NOT NULL,
          payee_name text NOT NULL,
          account_tail text NOT NULL,
          status text NOT NULL,
          bank_ref text NOT NULL,
          reason text NULL,
          at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS treasury_sim.requests (
          id bigserial CONSTRAINT "PK_sim_requests" PRIMARY KEY,
          instruction_id uuid NOT NULL,
          amount_fen bigint NOT NULL,
          duplicate boolean NOT NULL,
          at timestamptz NOT NULL DEFAULT now());
      END $$`);
    })().catch((err: unknown) => {
      this.ready = undefined; // let the next call try again
      throw err;
    });
    return this.ready;
  }

  async book(payments: SimPayment[]): Promise<Set<string>> {
    await this.init();
    if (payments.length === 0) return new Set();
    const rows = await this.sql(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS t(instruction_id, amount_fen, payee_name, account_tail, status, bank_ref, reason)),
       ins AS (
         INSERT INTO treasury_sim.payments (instruction_id, amount_fen, payee_name, account_tail, status, bank_ref, reason)
         SELECT * FROM input ON CONFLICT (instruction_id) DO NOTHING RETURNING instruction_id),
       log AS (
         INSERT INTO treasury_sim.requests (instruction_id, amount_fen, duplicate)
         SELECT i.instruction_id, i.amount_fen, NOT EXISTS (SELECT 1 FROM ins WHERE ins.instruction_id = i.instruction_id) FROM input i)
       SELECT instruction_id FROM ins`,
      [
        payments.map((p) => p.instructionId),
        payments.map((p) => p.amountFen),
        payments.map((p) => p.payeeName),
        payments.map((p) => p.accountTail),
        payments.map((p) => p.status),
        payments.map((p) => p.bankRef),
        payments.map((p) => p.reason),
      ],
    );
    return new Set(rows.map((r) => String(r.instruction_id)));
  }

  async find(instructionIds: string[]): Promise<SimPayment[]> {
    await this.init();
    if (instructionIds.length === 0) return [];
    const rows = await this.sql(`SELECT * FROM treasury_sim.payments WHERE instruction_id = ANY($1::uuid[])`, [instructionIds]);
    return rows.map(fromRow);
  }

  async summary(): Promise<SimSummary> {
    await this.init();
    const [p] = await this.sql(`SELECT
        count(*) FILTER (WHERE status <> 'failed')::int AS debits,
        coalesce(sum(amount_fen) FILTER (WHERE status <> 'failed'), 0)::bigint AS debited,
        coalesce(sum(amount_fen) FILTER (WHERE status = 'settled'), 0)::bigint AS settled,
        coalesce(sum(amount_fen) FILTER (WHERE status = 'returned'), 0)::bigint AS returned,
        count(*) FILTER (WHERE status = 'failed')::int AS refused
      FROM treasury_sim.payments`);
    const [r] = await this.sql(`SELECT count(*)::int AS requests, count(*) FILTER (WHERE duplicate)::int AS dups FROM treasury_sim.requests`);
    return {
      debits: Number(p.debits),
      debitedFen: Number(p.debited),
      settledFen: Number(p.settled),
      returnedFen: Number(p.returned),
      refused: Number(p.refused),
      duplicatesRefused: Number(r.dups),
      requests: Number(r.requests),
    };
  }

  async all(): Promise<SimPayment[]> {
    await this.init();
    return (await this.sql(`SELECT * FROM treasury_sim.payments ORDER BY seq`)).map(fromRow);
  }
}

/** Append-only NDJSON files under a directory, fsynced: the HTTP simulator's default storage. */
export class FileSimStore implements SimStore {
  private readonly payments = new Map<string, SimPayment>();
  private requests = 0;
  private duplicates = 0;
  private loaded = false;

  constructor(private readonly dir: string) {}

  private get paymentsFile(): string {
    return join(this.dir, 'payments.ndjson');
  }

  private get requestsFile(): string {
    return join(this.dir, 'requests.ndjson');
  }

  async init(): Promise<void> {
    if (this.loaded) return;
    mkdirSync(this.dir, { recursive: true });
    if (existsSync(this.paymentsFile)) {
      for (const line of readFileSync(this.paymentsFile, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const p = JSON.parse(line) as SimPayment;
          if (!this.payments.has(p.instructionId)) this.payments.set(p.instructionId, p);
        } catch {
          // a torn last line from a crash: that booking never completed
        }
      }
    }
    if (existsSync(this.requestsFile)) {
      for (const line of readFileSync(this.requestsFile, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        this.requests++;
        if (line.includes('"duplicate":true')) this.duplicates++;
      }
    }
    this.loaded = true;
  }

  private appendDurably(file: string, text: string): void {
    if (!text) return;
    appendFileSync(file, text);
    const fd = openSync(file, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  async book(payments: SimPayment[]): Promise<Set<string>> {
    await this.init();
    const fresh: SimPayment[] = [];
    const seen = new Set<string>();
    let log = '';
    for (const p of payments) {
      const duplicate = this.payments.has(p.instructionId) || seen.has(p.instructionId);
      if (!duplicate) {
        fresh.push(p);
        seen.add(p.instructionId);
      }
      log += JSON.stringify({ instructionId: p.instructionId, amountFen: p.amountFen, duplicate }) + '\n';
      this.requests++;
      if (duplicate) this.duplicates++;
    }
    this.appendDurably(this.paymentsFile, fresh.map((p) => JSON.stringify(p) + '\n').join(''));
    for (const p of fresh) this.payments.set(p.instructionId, p);
    this.appendDurably(this.requestsFile, log);
    return seen;
  }

  async find(instructionIds: string[]): Promise<SimPayment[]> {
    await this.init();
    return instructionIds.map((id) => this.payments.get(id)).filter((p): p is SimPayment => !!p);
  }

  async summary(): Promise<SimSummary> {
    await this.init();
    const s: SimSummary = { debits: 0, debitedFen: 0, settledFen: 0, returnedFen: 0, refused: 0, duplicatesRefused: this.duplicates, requests: this.requests };
    for (const p of this.payments.values()) {
      if (p.status === 'failed') {
        s.refused++;
        continue;
      }
      s.debits++;
      s.debitedFen += p.amountFen;
      if (p.status === 'settled') s.settledFen += p.amountFen;
      else s.returnedFen += p.amountFen;
    }
    return s;
  }

  async all(): Promise<SimPayment[]> {
    await this.init();
    return [...this.payments.values()];
  }
}
