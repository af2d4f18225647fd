import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import yaml from 'js-yaml';
import { DomainError, Principal } from '@app/core';
import { PoliciesService } from './policies.service';
import type { PolicyDocument } from './policy.types';
import { FieldProblem, validateItemContent, validatePolicyMeta } from './policy.validation';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** YAML/JSON import and export of policies with their items. */
@Injectable()
export class PolicyPortService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: PoliciesService,
  ) {}

  parse(text: string, format: 'yaml' | 'json'): PolicyDocument[] {
    if (typeof text !== 'string' || text.trim() === '') throw new DomainError('POLICY.IMPORT_EMPTY', '导入内容为空');
    if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw new DomainError('POLICY.IMPORT_TOO_LARGE', '导入内容超过 5MB');
    let data: unknown;
    try {
      // JSON_SCHEMA: no custom tags, no functions — plain data only.
      data = format === 'json' ? JSON.parse(text) : yaml.load(text, { schema: yaml.JSON_SCHEMA });
    } catch (err) {
      throw new DomainError('POLICY.IMPORT_UNPARSABLE', `无法解析${format.toUpperCase()}：${(err as Error).message.split('\n')[0]}`);
    }
    const docs = Array.isArray(data) ? data : (data as { policies?: unknown })?.policies;
    if (!Array.isArray(docs)) throw new DomainError('POLICY.IMPORT_INVALID', '应为政策列表（数组，或含 policies 数组的对象）');
    return docs as PolicyDocument[];
  }

  /** Validates every document first; writes all of them in one transaction or none. */
  async import(p: Principal, docs: PolicyDocument[], options: { skipExisting?: boolean } = {}): Promise<{ created: number; skipped: string[] }> {
    const problems: FieldProblem[] = [];
    docs.forEach((d, i) => {
      if (typeof d !== 'object' || d === null) {
        problems.push({ pointer: `/${i}`, code: 'POLICY.INVALID', message: '应为对象' });
        return;
      }
      problems.push(...validatePolicyMeta(d, `/${i}`));
      if (!Array.isArray(d.items)) problems.push({ pointer: `/${i}/items`, code: 'POLICY.INVALID_ITEMS', message: '应有事项列表 items' });
      else d.items.forEach((it, j) => problems.push(...validateItemContent(it, `/${i}/items/${j}`)));
    });
    if (problems.length) throw new DomainError('POLICY.IMPORT_INVALID', '导入内容校验未通过，未写入任何数据', { errors: problems.slice(0, 500) });
    const skipped: string[] = [];
    let created = 0;
    await this.dataSource.transaction(async (m) => {
      for (const d of docs) {
        const exists: unknown[] = await m.query(`SELECT 1 FROM policy.policies WHERE code = $1`, [d.code]);
        if (exists.length && options.skipExisting) {
          skipped.push(d.code);
          continue;
        }
        await this.policies.createPolicy(p, d, m);
        created++;
      }
    });
    return { created, skipped };
  }

  importText(p: Principal, text: string, format: 'yaml' | 'json') {
    return this.import(p, this.parse(text, format));
  }

  async exportText(p: Principal, format: 'yaml' | 'json'): Promise<string> {
    const docs = await this.policies.exportDocuments(p);
    return format === 'json' ? JSON.stringify({ policies: docs }, null, 2) : yaml.dump({ policies: docs }, { lineWidth: 120, noRefs: true });
  }
}
