import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AuditService, DomainError, Principal, uuid7 } from '@app/core';
import { ItemVersionRepository } from '@app/policies';
import { APPROVAL_OPTIONS, ApprovalOptions } from '../approval.options';
import { checkMaterialFile, MATERIAL_TYPES } from '../storage/file-type';
import { MATERIAL_STORAGE, MaterialStorage } from '../storage/material-storage.port';
import { actorOf } from './application.types';
import { ApplicationRepository } from './application.repository';
import { enterpriseOf, loadScoped } from './application-access';
import { MaterialsRepository } from './materials.repository';

/** 信用承诺书: versioned texts; a signature records the version and a digest of the exact text. */
export const COMMITMENT_TEXTS: Record<string, string> = {
  'XYCN-2026.1':
    '本企业郑重承诺：所填报信息及提交材料真实、准确、完整，无虚假记载；同一事项不重复申报、不重复享受；' +
    '如有失信行为，自愿接受取消资格、追回资金、纳入失信记录等处理，并承担相应法律责任。',
};
export const CURRENT_COMMITMENT_VERSION = 'XYCN-2026.1';

export interface MaterialView {
  id: string;
  materialName: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

const EDITABLE = new Set(['draft', 'returned']);

/** Materials (uploaded through the storage port, checked and checksummed) and the credit commitment. */
@Injectable()
export class MaterialsService {
  constructor(
    private readonly materials: MaterialsRepository,
    private readonly repo: ApplicationRepository,
    private readonly audit: AuditService,
    @Inject(MATERIAL_STORAGE) private readonly storage: MaterialStorage,
    @Inject(APPROVAL_OPTIONS) private readonly options: ApprovalOptions,
    private readonly versions: ItemVersionRepository,
  ) {}

  async upload(p: Principal, id: string, materialName: string, file: { originalname: string; buffer: Buffer } | undefined): Promise<MaterialView> {
    enterpriseOf(p);
    if (!file) throw new DomainError('MATERIAL.FILE_REQUIRED', '请选择要上传的文件');
    const app = await loadScoped(this.repo, p, id);
    if (!EDITABLE.has(app.state)) throw new DomainError('APPLICATION.INVALID_STATE', '当前状态不能上传材料', { state: app.state });
    // A draft takes only the materials the item lists; after a reviewer returned the application
    // for more information, the supplement asked for (free text in the return) is accepted too.
    const required = (await this.versions.byId(app.item_version_id))?.materials ?? [];
    if (app.state === 'draft' && !required.includes(materialName)) {
      throw new DomainError('MATERIAL.NAME_INVALID', `“${materialName.slice(0, 50)}”不是该事项要求的申报材料`, { allowed: required });
    }
    const type = checkMaterialFile(file.originalname, file.buffer, this.options.maxUploadBytes);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const materialId = uuid7();
    const key = `${app.id}/${materialId}`;
    // Stored before the row: a crash leaves an orphan file, never a row pointing at nothing.
    await this.storage.put(key, file.buffer);
    return this.materials.transaction(async (m) => {
      const locked = await loadScoped(this.repo, p, id, m, true);
      if (!EDITABLE.has(locked.state)) throw new DomainError('APPLICATION.INVALID_STATE', '当前状态不能上传材料', { state: locked.state });
      const fileName = file.originalname.slice(0, 200);
      await this.materials.insert(m, {
        id: materialId, applicationId: id, materialName, fileName, contentType: MATERIAL_TYPES[type].contentType, sizeBytes: file.buffer.length, sha256,
        storageKey: key, uploadedBy: p.id,
      });
      await this.repo.note(m, id, { command: 'note', actor: actorOf(p), outcome: 'material_uploaded', comment: `上传材料：${materialName}（${fileName}）`, details: { sha256 } });
      await this.audit.record({ actor: p, action: 'application.material_upload', targetType: 'application', targetId: id, after: { materialId, sha256, size: file.buffer.length } }, m);
      return { id: materialId, materialName, fileName, contentType: MATERIAL_TYPES[type].contentType, sizeBytes: file.buffer.length, sha256, uploadedAt: new Date().toISOString() };
    });
  }

  async list(p: Principal, id: string): Promise<MaterialView[]> {
    await loadScoped(this.repo, p, id);
    const rows = await this.materials.ofApplication(id);
    return rows.map((r) => ({ id: r.id, materialName: r.material_name, fileName: r.file_name, contentType: r.content_type, sizeBytes: r.size_bytes,
      sha256: r.sha256, uploadedAt: new Date(r.uploaded_at).toISOString() }));
  }

  /** The stored file, verified against its checksum before it is handed out. */
  async download(p: Principal, id: string, materialId: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    await loadScoped(this.repo, p, id);
    const row = /^[0-9a-f-]{36}$/i.test(materialId) ? await this.materials.find(id, materialId) : null;
    if (!row) throw new DomainError('MATERIAL.NOT_FOUND', '材料不存在', { id: materialId });
    const content = await this.storage.get(row.storage_key);
    if (!content || createHash('sha256').update(content).digest('hex') !== row.sha256) {
      throw new DomainError('MATERIAL.CORRUPTED', '材料文件缺失或校验失败', { id: materialId });
    }
    return { fileName: row.file_name, contentType: row.content_type, content };
  }

  /**
   * 信用承诺: the signer (the firm's user), the time and the exact text version. Signing the same
   * version again (a retry, a double click, 20 requests at once) answers with the signature already
   * there and records nothing: one signature per application and version (a unique constraint).
   */
  async commit(p: Principal, id: string, textVersion: string): Promise<{ textVersion: string; textSha256: string; signedAt: string; signer: string }> {
    enterpriseOf(p);
    if (textVersion !== CURRENT_COMMITMENT_VERSION) {
      throw new DomainError('COMMITMENT.STALE', '承诺书版本已更新，请阅读最新版本后签署', { current: CURRENT_COMMITMENT_VERSION });
    }
    const digest = createHash('sha256').update(COMMITMENT_TEXTS[textVersion]).digest('hex');
    return this.materials.transaction(async (m) => {
      const app = await loadScoped(this.repo, p, id, m, true);
      const existing = await this.materials.commitment(m, id, textVersion);
      if (existing) return { textVersion, textSha256: existing.text_sha256, signedAt: new Date(existing.signed_at).toISOString(), signer: existing.signer_name };
      if (!EDITABLE.has(app.state)) throw new DomainError('APPLICATION.INVALID_STATE', '当前状态不能签署承诺', { state: app.state });
      const signedAt = new Date();
      await this.materials.insertCommitment(m, { id: uuid7(), applicationId: id, textVersion, textSha256: digest, signerId: p.id, signerName: p.displayName, signedAt });
      await this.repo.note(m, id, { command: 'note', actor: actorOf(p), outcome: 'commitment_signed', comment: `签署信用承诺书（${textVersion}）` });
      await this.audit.record({ actor: p, action: 'application.commitment', targetType: 'application', targetId: id, after: { textVersion, digest } }, m);
      return { textVersion, textSha256: digest, signedAt: signedAt.toISOString(), signer: p.displayName };
    });
  }
}
