/**
 * The simulated data sources as a small HTTP service of their own (`npm run datasource:sim`):
 *
 *   GET  /sources/:source/changes?cursor=&limit=   { records, nextCursor, hasMore }
 *   POST /sources/:source/records                  { records: [{ id?, creditCode, fields, changedAt? }] } → { stored }
 *   PUT  /faults                                    { failNext }: the next N pulls answer 503
 *   GET  /health
 *
 * State is in memory (a demo and test double of the departments' exchange platform).
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { SharedDataRecord } from '../data-source.port';
import { SimulatedSources, SourceFaults } from './simulated-sources';

async function readJson<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return (text ? JSON.parse(text) : {}) as T;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function createDataSourceSimServer(sources: SimulatedSources): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const changes = /^\/sources\/([a-z0-9_-]{1,40})\/changes$/.exec(url.pathname);
    const records = /^\/sources\/([a-z0-9_-]{1,40})\/records$/.exec(url.pathname);
    void (async () => {
      try {
        if (req.method === 'GET' && changes) {
          if (sources.takeFault()) return send(res, 503, { code: 'SIM.UNAVAILABLE', message: 'simulated outage' });
          const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 1000) || 1000, 1), 10_000);
          send(res, 200, sources.pull(changes[1], url.searchParams.get('cursor'), limit));
        } else if (req.method === 'POST' && records) {
          const body = await readJson<{ records?: SharedDataRecord[] }>(req);
          send(res, 200, { stored: sources.publish(records[1], body.records ?? []).length });
        } else if (req.method === 'PUT' && url.pathname === '/faults') {
          sources.setFaults(await readJson<SourceFaults>(req));
          send(res, 200, { ok: true });
        } else if (req.method === 'GET' && url.pathname === '/health') {
          send(res, 200, { ok: true });
        } else {
          send(res, 404, { code: 'SIM.NOT_FOUND' });
        }
      } catch (err) {
        send(res, 400, { code: 'SIM.BAD_REQUEST', message: (err as Error).message });
      }
    })();
  });
}

/** Stand-alone entry: a separate program, so it reads its own environment. */
if (require.main === module) {
  const port = Number(process.env.DATA_SOURCE_SIM_PORT ?? 4200);
  createDataSourceSimServer(new SimulatedSources()).listen(port, '127.0.0.1', () => console.log(`data-source simulator listening on http://127.0.0.1:${port}`));
}
