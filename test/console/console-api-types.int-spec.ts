import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_API_TYPES, consoleApiTypes, platformOpenApiDocument } from '../../apps/platform/src/openapi/console-api-types';

/**
 * The console's API client is typed by a committed file generated from the platform's OpenAPI
 * document. A controller or DTO change that is not regenerated makes the console compile against a
 * stale API: this test builds the document from the module graph and compares.
 */
describe('console API types (apps/console/src/api/schema.d.ts)', () => {
  it('match the OpenAPI document of the platform as built now — run `npm run console:api` when this fails', async () => {
    const doc = await platformOpenApiDocument();
    const fresh = consoleApiTypes(doc);
    const committed = readFileSync(join(__dirname, '..', '..', CONSOLE_API_TYPES), 'utf8');
    expect(committed === fresh).toBe(true);
  });

  it('document the public routes the portal reads, with response types', async () => {
    const doc = await platformOpenApiDocument();
    for (const [path, method] of [
      ['/api/v1/calculator', 'post'], ['/api/v1/facts', 'get'], ['/api/v1/search/policies', 'get'], ['/api/v1/disclosures', 'get'],
      ['/api/v1/public/policies/{policyId}', 'get'], ['/api/v1/public/catalogue', 'get'], ['/api/v1/demo/accounts', 'get'], ['/api/v1/auth/login', 'post'],
    ] as const) {
      const op = (doc.paths[path] as Record<string, { responses: Record<string, { content?: unknown }> }> | undefined)?.[method];
      expect({ path, documented: Boolean(op?.responses['200']?.content) }).toEqual({ path, documented: true });
    }
  });

  it('type the response of every JSON route of the payout center (兑付中心), so the finance pages cannot drift from it', async () => {
    const doc = await platformOpenApiDocument();
    const untyped: string[] = [];
    let routes = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/payouts/') || path.endsWith('.xlsx')) continue;
      for (const [method, op] of Object.entries(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>)) {
        if (!op?.responses) continue;
        routes++;
        const ok = op.responses['200'] ?? op.responses['201'];
        if (!ok?.content?.['application/json']?.schema) untyped.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect(untyped).toEqual([]);
  });

  it('document the sandbox and 驾驶舱 routes the leader pages read, with response types', async () => {
    const doc = await platformOpenApiDocument();
    const routes = [
      ['/api/v1/sandbox/what-if', 'post', '200'], ['/api/v1/sandbox/sweep', 'post', '200'], ['/api/v1/sandbox/overlap', 'post', '200'],
      ['/api/v1/sandbox/tags', 'post', '200'], ['/api/v1/sandbox/exclusion-groups', 'get', '200'], ['/api/v1/sandbox/effects/{itemId}', 'get', '200'],
      ['/api/v1/sandbox/snapshot', 'get', '200'], ['/api/v1/sandbox/snapshot/refresh', 'post', '200'],
      ['/api/v1/sandbox/scenarios', 'get', '200'], ['/api/v1/sandbox/scenarios', 'post', '201'], ['/api/v1/sandbox/scenarios/{id}', 'get', '200'],
      ['/api/v1/sandbox/scenarios/{id}', 'patch', '200'], ['/api/v1/sandbox/scenarios/{id}/run', 'post', '200'], ['/api/v1/sandbox/scenarios/{id}/propose', 'post', '201'],
      ['/api/v1/policies/{id}/stats', 'get', '200'],
    ] as const;
    for (const [path, method, status] of routes) {
      const op = (doc.paths[path] as Record<string, { responses: Record<string, { content?: unknown }> }> | undefined)?.[method];
      expect({ path, method, documented: Boolean(op?.responses[status]?.content) }).toEqual({ path, method, documented: true });
    }
  });

  it('document the policy-center and enterprise routes the console reads, with response types (no hand-written mirrors)', async () => {
    const doc = await platformOpenApiDocument();
    for (const [path, method, status] of [
      ['/api/v1/policies', 'get', '200'], ['/api/v1/policies', 'post', '201'], ['/api/v1/policies/{id}', 'get', '200'],
      ['/api/v1/policies/{id}/items', 'post', '201'], ['/api/v1/items/{itemId}', 'patch', '200'], ['/api/v1/items/{itemId}/submit', 'post', '200'],
      ['/api/v1/items/{itemId}/review', 'post', '200'], ['/api/v1/items/{itemId}/withdraw', 'post', '200'], ['/api/v1/items/{itemId}/versions', 'get', '200'],
      ['/api/v1/items/{itemId}/diff', 'get', '200'], ['/api/v1/tags', 'get', '200'], ['/api/v1/me/policies', 'get', '200'],
      ['/api/v1/me/policies/{itemId}', 'get', '200'], ['/api/v1/me/inbox', 'get', '200'], ['/api/v1/applications', 'get', '200'],
      ['/api/v1/applications', 'post', '201'], ['/api/v1/applications/{id}', 'get', '200'], ['/api/v1/applications/{id}/timeline', 'get', '200'],
      ['/api/v1/applications/{id}/materials', 'get', '200'], ['/api/v1/applications/{id}/submit', 'post', '200'], ['/api/v1/applications/{id}/confirm', 'post', '200'],
      ['/api/v1/enterprises/me', 'get', '200'], ['/api/v1/enterprises/{id}/history', 'get', '200'],
      ['/api/v1/review/queue', 'get', '200'], ['/api/v1/review/batch-approve', 'post', '200'], ['/api/v1/objections', 'get', '200'],
    ] as const) {
      const op = (doc.paths[path] as Record<string, { responses: Record<string, { content?: unknown }> }> | undefined)?.[method];
      expect({ path, method, documented: Boolean(op?.responses[status]?.content) }).toEqual({ path, method, documented: true });
    }
  });

  it('document the audit-log, data-source and 驾驶舱 routes the console reads, with response types (no page reads an untyped route)', async () => {
    const doc = await platformOpenApiDocument();
    for (const [path, method, status] of [
      ['/api/v1/audit/entries', 'get', '200'], ['/api/v1/audit/verify', 'get', '200'],
      ['/api/v1/data-sources', 'get', '200'], ['/api/v1/data-sources/rejections', 'get', '200'], ['/api/v1/data-sources/{source}/sync', 'post', '200'],
      ['/api/v1/policies', 'get', '200'], ['/api/v1/applications', 'get', '200'], ['/api/v1/public/statistics', 'get', '200'], ['/api/v1/supervision/time-to-money', 'get', '200'],
    ] as const) {
      const op = (doc.paths[path] as Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }> | undefined)?.[method];
      expect({ path, method, documented: Boolean(op?.responses[status]?.content?.['application/json']?.schema) }).toEqual({ path, method, documented: true });
    }
    // the audit list's filters are documented too, so the page passes them without a cast
    const params = ((doc.paths['/api/v1/audit/entries'] as { get: { parameters?: Array<{ name: string }> } }).get.parameters ?? []).map((p) => p.name);
    expect(params.sort()).toEqual(['actorId', 'limit', 'offset', 'targetId', 'targetType']);
  });

  it('describe an item version\'s rule and formula as the unions the rules engine stores', async () => {
    const doc = await platformOpenApiDocument();
    const schemas = doc.components?.schemas as Record<string, { properties?: Record<string, { oneOf?: Array<{ $ref?: string }> }> }>;
    const refs = (prop: string) => schemas.ItemVersionDto.properties?.[prop]?.oneOf?.map((s) => s.$ref);
    expect(refs('rule')).toEqual(['RuleAllDto', 'RuleAnyDto', 'RuleNotDto', 'RuleLeafDto'].map((n) => `#/components/schemas/${n}`));
    expect(refs('formula')).toEqual(['FixedBenefitDto', 'RateBenefitDto', 'TieredBenefitDto'].map((n) => `#/components/schemas/${n}`));
    for (const name of ['RuleAllDto', 'RuleAnyDto', 'RuleNotDto', 'RuleLeafDto', 'FixedBenefitDto', 'RateBenefitDto', 'TieredBenefitDto']) expect(Object.keys(schemas)).toContain(name);
  });
});
