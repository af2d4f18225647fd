import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { settle } from '../support/settle';
import { bootPlatform, DEMO_ACCOUNTS, PlatformFixture } from './platform-fixture';

jest.setTimeout(240_000);

type Schema = Record<string, unknown>;
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: Array<{ name: string; in: 'path' | 'query'; schema: Schema }>;
  body?: Schema;
  multipart: boolean;
}

const REQUESTS_PER_OPERATION = 24;
const SEED = 20261127;

/** Values that broke a route once or could: impossible days, huge numbers, NUL, injection, long text. */
const HOSTILE_STRINGS = [
  '', ' ', '2026-02-30', '2026-13-45', '0099-12-31', '0000-02-29', '-1', '1e309', '99999999999999999999', 'NaN', 'null', 'true',
  '[]', '{}', "'; DROP TABLE x;--", '../../etc/passwd', '%00', '\u0000', '\u202e', '中文字段', '-1+cmd|calc', 'a'.repeat(5000),
  '00000000-0000-0000-0000-000000000000', '2026-01-01T25:61:00Z', 'ZZ', '__proto__', 'constructor',
];
const HOSTILE_VALUES: unknown[] = [null, -1, 0, 1.5, -1e21, 2 ** 53, 1e308, true, [], {}, [null], { __proto__: { polluted: 1 } }];

function resolve(doc: OpenAPIObject, schema: unknown): Schema {
  const s = (schema ?? {}) as Schema;
  if (typeof s.$ref === 'string') return resolve(doc, doc.components?.schemas?.[s.$ref.split('/').pop() as string]);
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((x) => resolve(doc, x)));
  return s;
}

function operationsOf(doc: OpenAPIObject): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = (item as Record<string, unknown>)[method] as
        | { parameters?: Array<{ name: string; in: string; schema?: unknown }>; requestBody?: { content?: Record<string, { schema?: unknown }> } }
        | undefined;
      if (!op) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query').map((p) => ({ name: p.name, in: p.in as 'path' | 'query', schema: resolve(doc, p.schema) })),
        body: content['application/json'] ? resolve(doc, content['application/json'].schema) : undefined,
        multipart: Boolean(content['multipart/form-data']),
      });
    }
  }
  return ops;
}

/** A value for a schema: mostly of the right shape, often hostile, sometimes anything. */
function valueArb(doc: OpenAPIObject, schema: Schema, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const hostile = fc.constantFrom<unknown>(...HOSTILE_STRINGS, ...HOSTILE_VALUES);
  const typed = ((): fc.Arbitrary<unknown> => {
    if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...(s.enum as unknown[]));
    if (s.example !== undefined && depth < 3) return fc.constant(s.example);
    switch (s.type) {
      case 'integer':
        return fc.oneof(fc.integer(), fc.integer({ min: 0, max: 100 }));
      case 'number':
        return fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 100 }));
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(valueArb(doc, (s.items ?? {}) as Schema, ids, depth + 1), { maxLength: 3 });
      case 'object':
        return depth > 3 ? fc.constant({}) : objectArb(doc, s, ids, depth + 1);
      case 'string':
        if (s.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...ids));
        if (s.format === 'binary') return fc.constant('file');
        return fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...ids), fc.constantFrom('2026-06-30', '410105', 'hitech', 'kjj', 'small'));
      default:
        return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 2, arbitrary: hostile }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
}

function objectArb(doc: OpenAPIObject, schema: Schema, ids: string[], depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
  if (props.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
  const parts = Object.fromEntries(props.map(([k, v]) => [k, valueArb(doc, v, ids, depth)]));
  return fc.record(parts, { requiredKeys: [] }).chain((r) =>
    fc.oneof({ weight: 4, arbitrary: fc.constant(r) }, { weight: 1, arbitrary: fc.constant({ ...r, unexpectedField: 'x' }) }),
  );
}

function requestArb(doc: OpenAPIObject, op: Operation, ids: string[]) {
  const params = fc.tuple(...op.params.map((p) => p.in === 'path' ? valueArb(doc, p.schema, ids) : fc.option(valueArb(doc, p.schema, ids), { nil: undefined, freq: 3 })));
  const body = op.body
    ? fc.oneof({ weight: 6, arbitrary: valueArb(doc, op.body, ids) }, { weight: 1, arbitrary: fc.constant('{"broken": ') as fc.Arbitrary<unknown> })
    : fc.constant(undefined);
  const who = fc.constantFrom<(typeof DEMO_ACCOUNTS)[number] | 'anonymous'>(...DEMO_ACCOUNTS, 'anonymous');
  return fc.record({ params, body, who });
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'null');

/**
 * Cheap "did anything write?" over every state table (not the audit log): row count and the sum of
 * row versions (xmin changes on insert, update and delete) per table, in one statement.
 */
async function writeMarker(ds: DataSource): Promise<string> {
  const tables: Array<{ schema: string; name: string }> = await ds.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema IN ('core', 'enterprise', 'policy', 'approval', 'payout', 'sandbox')
       AND table_name <> 'migrations' ORDER BY 1, 2`,
  );
  const sql = tables
    .map(({ schema, name }) => `SELECT '${schema}.${name}' AS t, count(*) || ':' || coalesce(sum((xmin::text)::bigint), 0) AS m FROM "${schema}"."${name}"`)
    .join(' UNION ALL ');
  const rows: Array<{ t: string; m: string }> = await ds.query(sql);
  return rows.map((r) => `${r.t}=${r.m}`).join(';');
}

/**
 * Fuzz over the OpenAPI document the app generates: every operation, a couple of dozen requests each
 * (a few thousand in all) built from its parameter and body schemas with hostile values mixed in,
 * as every demo role and anonymously. Asserts: no 5xx; every error body has a `code`; and for each
 * operation whose requests were all refused, no state table changed.
 */
describe('OpenAPI fuzz: no 5xx, every error coded, nothing written on refusal', () => {
  let f: PlatformFixture;
  let ids: string[];

  beforeAll(async () => {
    f = await bootPlatform(20);
    const rows: Array<{ id: string }> = await f.t.dataSource.query(
      `(SELECT id::text FROM enterprise.enterprises LIMIT 3) UNION ALL (SELECT id::text FROM policy.policies LIMIT 2)
       UNION ALL (SELECT id::text FROM policy.items LIMIT 3) UNION ALL (SELECT id::text FROM policy.item_versions LIMIT 2)`,
    );
    ids = rows.map((r) => r.id);
  });
  afterAll(async () => {
    await f?.close();
  });

  it('answers every generated request with a coded answer below 500', async () => {
    const doc = f.openApi();
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(80);
    const failures: string[] = [];
    let sent = 0;
    let refusedBatches = 0;
    for (const [i, op] of ops.entries()) {
      const cases = fc.sample(requestArb(doc, op, ids), { numRuns: REQUESTS_PER_OPERATION, seed: SEED + i });
      const before = await writeMarker(f.t.dataSource);
      let anyAccepted = false;
      for (const c of cases) {
        let path = op.path;
        const query: string[] = [];
        op.params.forEach((p, k) => {
          const v = c.params[k];
          if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(text(v ?? 'x')));
          else if (v !== undefined) query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(text(v))}`);
        });
        const url = `${path}${query.length ? `?${query.join('&')}` : ''}`;
        let req = f.t.http[op.method](url);
        if (c.who !== 'anonymous') req = req.set('authorization', f.auth[c.who]);
        if (op.multipart) req = req.attach('file', Buffer.from(text(c.body)), 'fuzz.csv');
        else if (c.body !== undefined) {
          // Objects as JSON; anything else (numbers, null, broken text) as raw JSON text.
          const raw = typeof c.body === 'object' && c.body !== null ? undefined : typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
          req = raw === undefined ? req.send(c.body as object) : req.set('content-type', 'application/json').send(raw);
        }
        const res = await req;
        sent += 1;
        if (res.status >= 500) failures.push(`${res.status} ${op.method.toUpperCase()} ${url} as ${c.who}: ${JSON.stringify(res.body).slice(0, 200)}`);
        else if (res.status >= 400 && !(typeof res.body?.code === 'string' && res.body.code.length > 0)) {
          failures.push(`uncoded ${res.status} ${op.method.toUpperCase()} ${url} as ${c.who}`);
        }
        if (res.status < 400) anyAccepted = true;
      }
      if (!anyAccepted) {
        refusedBatches += 1;
        const after = await writeMarker(f.t.dataSource);
        if (after !== before) failures.push(`state changed although every request was refused: ${op.method.toUpperCase()} ${op.path}`);
      } else if (op.method !== 'get') {
        await settle(f.t.app); // let what an accepted request started finish before the next baseline
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(2000);
    expect(refusedBatches).toBeGreaterThan(ops.length / 4);
  });
});
