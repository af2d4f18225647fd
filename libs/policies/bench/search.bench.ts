/**
 * bench:search — policy search over N generated policies (default 10,000, 1–3 items each) through
 * PolicySearchService on PostgreSQL full-text search, against the naive scan a search box is often
 * first built with (ILIKE '%word%' over title, item name and full text) measured in the same run.
 *
 *   npm run bench:search -- --policies 10000 --runs 30 [--explain] [--keep]
 *
 * Needs PostgreSQL (DATABASE_URL or postgresql://postgres@127.0.0.1:5432/postgres); creates and
 * drops a scratch database. Data is deterministic (seeded PRNG).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { EventBus } from '@app/core';
import { segmentForSearch } from '../src/catalog/segment';
import { PolicyInit1732000002000 } from '../src/migrations/1732000002000-policy-init';
import { PolicySearch1732000003000 } from '../src/migrations/1732000003000-policy-search';
import { PolicySearchRequest, PolicySearchService } from '../src/search/policy-search.service';
import { PostgresPolicySearch } from '../src/search/postgres-policy-search';
import { SearchIndexer } from '../src/search/search-indexer';
import { seededRng } from '@app/core';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const POLICIES = Number(arg('policies', '10000'));
const RUNS = Number(arg('runs', '30'));
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const log = (s: string) => process.stderr.write(`${s}\n`);


// ------------------------------------------------------------------------------------ generator
const DEPARTMENTS = ['kjj', 'gxj', 'swj', 'rsj', 'fgw', 'czj', 'scjgj', 'nyncj', 'zjj', 'jyj'];
const PLACES = ['郑州市', '金水区', '二七区', '中原区', '管城回族区', '惠济区', '郑东新区', '高新区', '经开区', '航空港区', '新郑市', '巩义市'];
const TOPICS: Array<[string, string[]]> = [
  ['支持企业研发投入', ['研发费用补助', '研发平台奖励', '科技型中小企业评价奖补']],
  ['促进外贸稳定增长', ['进出口信用保险保费补贴', '境外展会摊位费资助', '外贸综合服务企业奖励']],
  ['人才引进和培养', ['高层次人才安家补助', '青年人才生活补贴', '人才公寓租金减免']],
  ['推动制造业高质量发展', ['技术改造设备投资补助', '首台套重大技术装备保险补偿', '智能工厂认定奖励']],
  ['加快数字经济发展', ['数字化转型服务券', '工业互联网平台奖励', '上云用云补贴']],
  ['支持专精特新企业发展', ['专精特新小巨人奖励', '中小企业梯度培育奖补', '创新型中小企业认定奖励']],
  ['稳就业促发展', ['一次性吸纳就业补贴', '稳岗返还', '以工代训补贴']],
  ['降低企业融资成本', ['贷款贴息', '融资担保费补贴', '首贷奖励']],
  ['推进绿色低碳转型', ['节能技术改造奖励', '绿色工厂认定奖励', '光伏发电补贴']],
  ['优化营商环境减轻企业负担', ['房产税城镇土地使用税减免', '残疾人就业保障金减征', '行政事业性收费免征']],
  ['支持知识产权创造运用', ['发明专利资助', '知识产权质押融资贴息', '高价值专利培育奖励']],
  ['促进文旅消费', ['A级景区创建奖励', '文旅消费券', '夜间经济示范街区补助']],
];
const SENTENCES = [
  '为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，结合本市实际，制定本措施。',
  '本措施适用于在本市依法登记注册、具有独立法人资格的企业。',
  '对符合条件的企业，按照实际发生额的一定比例给予补助，单个企业每年最高不超过200万元。',
  '申报企业应当信用状况良好，近三年未发生重大安全生产、环境污染事故。',
  '同一项目已获得市级其他财政资金支持的，不再重复支持。',
  '各级财政部门要加强资金监管，确保资金安全、规范、高效使用。',
  '对弄虚作假骗取财政资金的，依法追回资金并纳入信用记录。',
  '企业通过亲清在线平台在线申报，实行免申即享、即申即享。',
  '本措施由市科技局、市财政局负责解释，自发布之日起施行，有效期三年。',
  '鼓励企业加大研发投入，建设研发机构，开展关键核心技术攻关。',
  '支持企业开拓国际市场，参加境外展会，扩大进出口规模。',
  '对新引进的高层次人才给予安家补贴和生活补助，落实住房、子女入学等保障。',
  '推动企业实施智能化改造、数字化转型和绿色化提升。',
  '对首次认定的高新技术企业给予一次性奖励。',
  '统筹用好中小企业发展专项资金，支持专精特新企业梯度培育。',
  '对符合条件的小微企业减免房产税和城镇土地使用税。',
  '金融机构对符合条件的企业发放贷款的，按照贷款市场报价利率给予贴息。',
  '加强政策宣传解读，提高政策知晓率和兑现效率。',
  '区县（市）政府可结合实际制定配套政策，形成政策合力。',
  '资金由市、区两级财政按照现行财政体制分担。',
];
const MODES = ['no_application', 'instant', 'application', 'commitment'];
const LEVELS = ['national', 'provincial', 'municipal', 'county'];
const CATEGORIES = ['subsidy', 'reduction', 'qualification', 'service'];

const uuid = (kind: number, i: number) => `00000000-0000-7000-${(0x8000 + kind).toString(16)}-${i.toString(16).padStart(12, '0')}`;

async function generate(ds: DataSource, policies: number): Promise<number> {
  const rnd = seededRng(20261127);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const day = (y0: number, y1: number) => new Date(Date.UTC(y0, 0, 1) + Math.floor(rnd() * (y1 - y0) * 365) * 86_400_000).toISOString().slice(0, 10);
  let items = 0;
  const BATCH = 500;
  for (let start = 0; start < policies; start += BATCH) {
    const pRows: Record<string, unknown>[] = [];
    const iRows: Record<string, unknown>[] = [];
    const vRows: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(policies, start + BATCH); i++) {
      const [topic, names] = pick(TOPICS);
      const place = pick(PLACES);
      const title = `${place}关于${topic}的若干措施（第${(i % 97) + 1}号）`;
      const text = Array.from({ length: 8 + Math.floor(rnd() * 14) }, () => pick(SENTENCES)).join('');
      const tags = [topic.slice(2, 6), pick(TOPICS)[0].slice(2, 6)];
      const dept = pick(DEPARTMENTS);
      const from = day(2022, 2027);
      const docNumber = `郑政〔${from.slice(0, 4)}〕${i % 300}号`;
      pRows.push({
        id: uuid(1, i), code: `P-${i}`, title, doc_number: docNumber, owner_department: dept, level: pick(LEVELS), category: pick(CATEGORIES),
        tags, full_text: text, effective_from: from, search_text: segmentForSearch([title, docNumber, tags.join(' '), text]),
      });
      const count = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < count; k++) {
        const id = uuid(2, items);
        const r = rnd();
        const status = r < 0.9 ? 'published' : r < 0.95 ? 'withdrawn' : 'expired';
        const to = rnd() < 0.3 ? null : day(Number(from.slice(0, 4)) + 1, 2031);
        iRows.push({ id, policy_id: uuid(1, i), code: `I-${items}`, owner_department: dept });
        vRows.push({ id: uuid(3, items), item_id: id, status, name: names[(k + i) % names.length], mode: pick(MODES), effective_from: from, effective_to: to });
        items += 1;
      }
    }
    await ds.query(
      `INSERT INTO policy.policies (id, code, title, doc_number, owner_department, level, category, tags, full_text, effective_from, search_text)
       SELECT id, code, title, doc_number, owner_department, level, category, ARRAY(SELECT jsonb_array_elements_text(tags)), full_text, effective_from, search_text
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, code text, title text, doc_number text, owner_department text, level text, category text,
         tags jsonb, full_text text, effective_from date, search_text text)`,
      [JSON.stringify(pRows)],
    );
    await ds.query(
      `INSERT INTO policy.items (id, policy_id, code, owner_department, latest_version)
       SELECT id, policy_id, code, owner_department, 1 FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, policy_id uuid, code text, owner_department text)`,
      [JSON.stringify(iRows)],
    );
    await ds.query(
      `INSERT INTO policy.item_versions (id, item_id, version, status, name, rule, formula, facts_used, mode, fund_pool_fen, effective_from, effective_to, created_by)
       SELECT id, item_id, 1, status, name, '{"all":[]}', '{"kind":"fixed","amount":0}', '{}', mode, 0, effective_from, effective_to, 'bench'
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, item_id uuid, status text, name text, mode text, effective_from date, effective_to date)`,
      [JSON.stringify(vRows)],
    );
  }
  await ds.query(`ANALYZE`);
  return items;
}

// ------------------------------------------------------------------------------------ baseline
/**
 * The naive search: every query word must occur somewhere (ILIKE '%word%' over title, item name,
 * full text; no synonyms, no ranking beyond "name hit first"), same filters, same page and count.
 */
async function naiveSearch(ds: DataSource, req: PolicySearchRequest, words: string[]): Promise<number> {
  const params: unknown[] = [req.status ?? 'published'];
  const where = ['v.status = $1'];
  for (const w of words) {
    const p = params.push(`%${w.replace(/[\\%_]/g, '\\$&')}%`);
    where.push(`(p.title ILIKE $${p} OR v.name ILIKE $${p} OR p.full_text ILIKE $${p})`);
  }
  if (req.department) where.push(`i.owner_department = $${params.push(req.department)}`);
  if (req.mode) where.push(`v.mode = $${params.push(req.mode)}`);
  if (req.onDate) {
    const p = params.push(req.onDate);
    where.push(`v.effective_from <= $${p}::date AND (v.effective_to IS NULL OR v.effective_to >= $${p}::date)`);
  }
  const nameHit = words.length ? `(${words.map((_, k) => `v.name ILIKE $${k + 2}`).join(' AND ')}) DESC, ` : '';
  const rows: Array<{ total: string }> = await ds.query(
    `SELECT i.id, v.name, p.title, count(*) OVER () AS total FROM policy.items i
     JOIN policy.item_versions v ON v.item_id = i.id JOIN policy.policies p ON p.id = i.policy_id
     WHERE ${where.join(' AND ')} ORDER BY ${nameHit}v.effective_from DESC, i.id
     LIMIT $${params.push(req.pageSize ?? 20)} OFFSET $${params.push(((req.page ?? 1) - 1) * (req.pageSize ?? 20))}`,
    params,
  );
  return rows.length ? Number(rows[0].total) : 0;
}

// ------------------------------------------------------------------------------------ run
const QUERIES: Array<{ label: string; req: PolicySearchRequest; words: string[] }> = [
  { label: "'研发 补贴'", req: { q: '研发 补贴' }, words: ['研发', '补贴'] },
  { label: "'研' (1 char)", req: { q: '研' }, words: ['研'] },
  { label: "'补贴' (2 chars, synonyms)", req: { q: '补贴' }, words: ['补贴'] },
  { label: "'人才 住房'", req: { q: '人才 住房' }, words: ['人才', '住房'] },
  { label: "'专精特新 奖励' + dept", req: { q: '专精特新 奖励', department: 'gxj' }, words: ['专精特新', '奖励'] },
  { label: "'外贸' + onDate + mode", req: { q: '外贸', onDate: '2026-06-30', mode: 'application' }, words: ['外贸'] },
  { label: "'贷款贴息' page 5", req: { q: '贷款贴息', page: 5, pageSize: 20 }, words: ['贷款贴息'] },
  { label: 'filters only (dept)', req: { department: 'kjj' }, words: [] },
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => x.toFixed(2);

async function main() {
  const name = `bench_search_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const ds = new DataSource({ type: 'postgres', url: url.toString(), migrations: [PolicyInit1732000002000, PolicySearch1732000003000], extra: { max: 4 } });
  try {
    await ds.initialize();
    await ds.runMigrations();
    let t0 = performance.now();
    const items = await generate(ds, POLICIES);
    log(`generated ${POLICIES} policies, ${items} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const backend = new PostgresPolicySearch(ds);
    const noBus = { on: () => undefined } as unknown as EventBus;
    t0 = performance.now();
    const indexed = await new SearchIndexer(ds, noBus, backend).reindexAll();
    const indexSeconds = (performance.now() - t0) / 1000;
    await ds.query(`ANALYZE policy.search_documents`);
    log(`indexed ${indexed} documents in ${indexSeconds.toFixed(1)} s`);
    const service = new PolicySearchService(backend);

    const rows: string[][] = [];
    const allFts: number[] = [];
    const allBase: number[] = [];
    for (const { label, req, words } of QUERIES) {
      const fts: number[] = [];
      const base: number[] = [];
      let ftsTotal = 0;
      let baseTotal = 0;
      for (let r = 0; r < 3; r++) {
        await service.search(req);
        await naiveSearch(ds, req, words);
      }
      for (let r = 0; r < RUNS; r++) {
        // interleaved so both see the same cache and machine state
        let s = performance.now();
        ftsTotal = (await service.search(req)).total;
        fts.push(performance.now() - s);
        s = performance.now();
        baseTotal = await naiveSearch(ds, req, words);
        base.push(performance.now() - s);
      }
      allFts.push(...fts);
      allBase.push(...base);
      rows.push([label, String(ftsTotal), ms(pct(fts, 50)), ms(pct(fts, 95)), String(baseTotal), ms(pct(base, 50)), ms(pct(base, 95)), `${(pct(base, 95) / pct(fts, 95)).toFixed(1)}×`]);
    }
    rows.push(['**all queries**', '', ms(pct(allFts, 50)), `**${ms(pct(allFts, 95))}**`, '', ms(pct(allBase, 50)), ms(pct(allBase, 95)), `**${(pct(allBase, 95) / pct(allFts, 95)).toFixed(1)}×**`]);
    const header = ['query', 'FTS hits', 'FTS p50 ms', 'FTS p95 ms', 'ILIKE hits', 'ILIKE p50 ms', 'ILIKE p95 ms', 'p95 ratio (ILIKE / FTS)'];
    const table = [header, ['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'], ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
    const [{ server_version: v }] = await ds.query(`SHOW server_version`);
    console.log(`\nbench:search — ${POLICIES} policies, ${items} items (${indexed} indexed; full reindex ${indexSeconds.toFixed(1)} s), ${RUNS} runs per query, PostgreSQL ${v}, Node ${process.version}`);
    console.log('FTS = PolicySearchService on PostgresPolicySearch (segmentation, synonyms, ranking, highlights, count); target p95 < 50 ms.');
    console.log('ILIKE = naive scan baseline (no synonyms, so its hit counts differ).\n');
    console.log(table);
    console.log(`\ntarget p95 < 50 ms: ${pct(allFts, 95) < 50 ? 'met' : 'NOT met'}`);
    if (process.argv.includes('--explain')) {
      const q = "to_tsquery('simple', '''补贴'' | ''补助'' | ''资助'' | (''奖'' & ''补'') | ''奖励''')";
      for (const score of ['ts_rank(d.head_tsv, q)']) {
        const plan: Array<{ 'QUERY PLAN': string }> = await ds.transaction(async (m) => {
          await m.query(`SET LOCAL enable_seqscan = off`);
          return m.query(
            `EXPLAIN (ANALYZE, BUFFERS) WITH matched AS MATERIALIZED (SELECT d.item_id, d.effective_from, ${score} AS score FROM policy.search_documents d, ${q} q
               WHERE to_tsvector('simple'::regconfig, d.body_tokens) @@ q AND d.status = 'published')
             SELECT item_id, score, count(*) OVER () FROM matched ORDER BY score DESC, effective_from DESC, item_id LIMIT 20`,
          );
        });
        log(plan.map((r) => r['QUERY PLAN']).join('\n'));
      }
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (process.argv.includes('--keep')) log(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
