/**
 * The simulated treasury/bank as a small HTTP service of its own (`npm run treasury:sim`).
 *
 *   POST /payments          { orders: [{ instructionId, amountFen, payeeName, payeeAccount }] } → { results }
 *   POST /payments/status   { instructionIds } → { results }   (never books)
 *   PUT  /faults            TreasuryFaults (latency, timeouts, lost answers, duplicate callbacks, …)
 *   GET  /summary           debits, totals, second debits refused
 *   GET  /statement?date=   the bank statement (STM1) of everything booked
 *
 * Storage: NDJSON files under TREASURY_SIM_DIR (default ./.data/treasury-sim), or PostgreSQL schema
 * treasury_sim when TREASURY_SIM_DATABASE_URL is set. Callbacks go to TREASURY_SIM_CALLBACK_URL,
 * signed over (timestamp, nonce, body) with TREASURY_SIM_CALLBACK_KEY — the platform's callback key
 * (its TREASURY_CALLBACK_KEY), never its master key; without a key the simulator sends no callbacks.
 * A lost answer is simulated by booking and then dropping the connection; a timeout by waiting
 * past the client's patience without booking.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { CALLBACK_HEADERS, signCallback } from '../callback-signature';
import type { TreasuryResult } from '../treasury.port';
import { simStatement } from './sim-statement';
import { FileSimStore, PgSimStore, SimStore } from './sim-store';
import { BankOrder, SimulatedBank, SimulatedTimeout, TreasuryFaults } from './simulated-bank';

export interface TreasurySimServerOptions {
  callbackUrl?: string;
  /** The platform's treasury callback key (32 bytes): every callback is signed with it. Required with callbackUrl. */
  callbackKey?: Buffer;
  /** How long a "timeout" hangs before the connection is dropped. */
  hangMs?: number;
}

async function readJson<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return (text ? JSON.parse(text) : {}) as T;
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function createTreasurySimServer(bank: SimulatedBank, options: TreasurySimServerOptions = {}): Server {
  if (options.callbackUrl) {
    const key = options.callbackKey;
    if (!key || key.length !== 32) throw new RangeError('callbackUrl needs callbackKey: the platform\'s 32-byte treasury callback key');
    const url = options.callbackUrl;
    bank.onCallback(async (results: TreasuryResult[]) => {
      const signed = signCallback(key, { results });
      await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CALLBACK_HEADERS.timestamp]: signed.timestamp,
          [CALLBACK_HEADERS.nonce]: signed.nonce,
          [CALLBACK_HEADERS.signature]: signed.signature,
        },
        body: JSON.stringify(signed.body),
      });
    });
  }
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const route = `${req.method} ${url.pathname}`;
    void (async () => {
      try {
        if (route === 'POST /payments') {
          const body = await readJson<{ orders?: BankOrder[] }>(req);
          try {
            send(res, 200, { results: await bank.submit(body.orders ?? []) });
          } catch (err) {
            if (!(err instanceof SimulatedTimeout)) throw err;
            // booked or not, the caller never hears back
            setTimeout(() => res.socket?.destroy(), err.booked ? 0 : (options.hangMs ?? 50));
          }
        } else if (route === 'POST /payments/status') {
          const body = await readJson<{ instructionIds?: string[] }>(req);
          send(res, 200, { results: await bank.status(body.instructionIds ?? []) });
        } else if (route === 'PUT /faults') {
          bank.setFaults(await readJson<TreasuryFaults>(req));
          send(res, 200, bank.getFaults());
        } else if (route === 'GET /summary') {
          send(res, 200, await bank.summary());
        } else if (route === 'GET /statement') {
          const date = url.searchParams.get('date') ?? new Date().toISOString().slice(0, 10);
          send(res, 200, simStatement(await bank.store.all(), date), 'text/plain; charset=utf-8');
        } else if (route === 'GET /health') {
          send(res, 200, { ok: true });
        } else {
          send(res, 404, { code: 'SIM.NOT_FOUND' });
        }
      } catch (err) {
        send(res, 500, { code: 'SIM.ERROR', message: (err as Error).message });
      }
    })();
  });
}

/** Stand-alone entry: a separate program, so it reads its own environment. */
async function main(): Promise<void> {
  const env = process.env;
  let store: SimStore;
  if (env.TREASURY_SIM_DATABASE_URL) {
    const pool = new Pool({ connectionString: env.TREASURY_SIM_DATABASE_URL, max: 4 });
    store = new PgSimStore(async (sql, params) => (await pool.query(sql, params)).rows as Array<Record<string, unknown>>);
  } else {
    store = new FileSimStore(env.TREASURY_SIM_DIR ?? './.data/treasury-sim');
  }
  await store.init();
  const bank = new SimulatedBank(store);
  if (env.TREASURY_SIM_FAULTS) bank.setFaults(JSON.parse(env.TREASURY_SIM_FAULTS) as TreasuryFaults);
  const key = env.TREASURY_SIM_CALLBACK_KEY;
  if (env.TREASURY_SIM_CALLBACK_URL && !/^[0-9a-fA-F]{64}$/.test(key ?? '')) {
    throw new Error('TREASURY_SIM_CALLBACK_KEY must be the platform\'s treasury callback key (64 hex characters) when TREASURY_SIM_CALLBACK_URL is set');
  }
  const server = createTreasurySimServer(bank, {
    callbackUrl: env.TREASURY_SIM_CALLBACK_URL,
    callbackKey: key ? Buffer.from(key, 'hex') : undefined,
  });
  const port = Number(env.TREASURY_SIM_PORT ?? 4100);
  server.listen(port, '127.0.0.1', () => console.log(`treasury simulator listening on http://127.0.0.1:${port} (${env.TREASURY_SIM_DATABASE_URL ? 'PostgreSQL' : 'file'} storage)`));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
