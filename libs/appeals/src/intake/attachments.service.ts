import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, Principal, uuid7 } from '@app/core';
import { checkMaterialFile, MATERIAL_TYPES, MaterialStorage } from '@app/approvals';
import { loadScoped } from '../appeal/appeal-access';
import { AppealClock } from '../appeal/appeal.clock';
import { actorOf, AppealRow } from '../appeal/appeal.types';
import { AppealRepository } from '../appeal/appeal.repository';
import { AppealWorkflow } from '../appeal/appeal-workflow.service';
import type { AttachmentView } from '../appeal/dto/appeal.views';
import { APPEAL_ATTACHMENT_STORAGE, APPEAL_OPTIONS, AppealOptions } from '../appeal.options';
import { AttachmentsRepository } from './attachments.repository';

const FINISHED = new Set(['closed', 'merged', 'withdrawn']);

/** Attachments through the approval center's storage port and its file checks (type by content, size). */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly repo: AppealRepository,
    private readonly workflow: AppealWorkflow,
    private readonly clock: AppealClock,
    @Inject(APPEAL_ATTACHMENT_STORAGE) private readonly storage: MaterialStorage,
    @Inject(APPEAL_OPTIONS) private readonly options: AppealOptions,
  ) {}

  /** The firm (its own appeals) or staff who may see the appeal add files until it is finished. */
  async upload(p: Principal, id: string, file: { originalname: string; buffer: Buffer } | undefined): Promise<AttachmentView> {
    if (!file) throw new DomainError('MATERIAL.FILE_REQUIRED', '请选择要上传的文件');
    const a = await loadScoped(this.repo, p, id);
    this.assertOpen(a);
    const type = checkMaterialFile(file.originalname, file.buffer, this.options.maxAttachmentBytes);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const attachmentId = uuid7();
    const key = `${a.id}/${attachmentId}`;
    // Stored before the row: a crash leaves an orphan file, never a row pointing at nothing.
    await this.storage.put(key, file.buffer);
    return this.attachments.transaction(async (m) => {
      const locked = await loadScoped(this.repo, p, id, m, true);
      this.assertOpen(locked);
      const n = await this.attachments.count(m, id);
      if (n >= this.options.maxAttachments) throw new DomainError('ATTACHMENT.TOO_MANY', `每件诉求最多 ${this.options.maxAttachments} 个附件`);
      const now = this.clock.now();
      const fileName = file.originalname.slice(0, 200);
      const contentType = MATERIAL_TYPES[type].contentType;
      await this.attachments.insert(m, { id: attachmentId, appealId: id, fileName, contentType, sizeBytes: file.buffer.length, sha256, storageKey: key, uploadedBy: p.id, uploadedAt: now });
      await this.workflow.note(m, locked, 'attachment', { actor: actorOf(p), at: now, outcome: 'attachment_uploaded', comment: `上传附件：${fileName}`, details: { attachmentId, sha256 } });
      return { id: attachmentId, fileName, contentType, sizeBytes: file.buffer.length, sha256, uploadedAt: now.toISOString() };
    });
  }

  private assertOpen(a: AppealRow): void {
    if (FINISHED.has(a.state)) throw new DomainError('APPEAL.INVALID_STATE', '诉求已办结，不能再上传附件', { state: a.state });
  }

  async list(p: Principal, id: string): Promise<AttachmentView[]> {
    await loadScoped(this.repo, p, id);
    const rows = await this.attachments.ofAppeal(id);
    return rows.map((r) => ({ id: r.id, fileName: r.file_name, contentType: r.content_type, sizeBytes: r.size_bytes, sha256: r.sha256, uploadedAt: new Date(r.uploaded_at).toISOString() }));
  }

  /** The stored file, verified against its checksum before it is handed out. */
  async download(p: Principal, id: string, attachmentId: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    await loadScoped(this.repo, p, id);
    const row = await this.attachments.find(id, attachmentId);
    if (!row) throw new DomainError('ATTACHMENT.NOT_FOUND', '附件不存在', { id: attachmentId });
    const content = await this.storage.get(row.storage_key);
    if (!content || createHash('sha256').update(content).digest('hex') !== row.sha256) {
      throw new DomainError('ATTACHMENT.CORRUPTED', '附件文件缺失或校验失败', { id: attachmentId });
    }
    return { fileName: row.file_name, contentType: row.content_type, content };
  }
}
