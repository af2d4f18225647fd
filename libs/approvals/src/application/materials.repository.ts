import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface MaterialRow {
  id: string;
  material_name: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date;
}

export interface NewMaterial {
  id: string;
  applicationId: string;
  materialName: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
}

export interface CommitmentRow { text_sha256: string; signed_at: Date; signer_name: string }

export interface NewCommitment {
  id: string;
  applicationId: string;
  textVersion: string;
  textSha256: string;
  signerId: string;
  signerName: string;
  signedAt: Date;
}

/**
 * Every SQL statement of application materials (approval.materials; the files are in the storage
 * port) and credit commitments (approval.commitments). Writes run in the caller's transaction.
 */
@Injectable()
export class MaterialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(m: EntityManager, r: NewMaterial): Promise<void> {
    await m.query(
      `INSERT INTO approval.materials (id, application_id, material_name, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [r.id, r.applicationId, r.materialName, r.fileName, r.contentType, r.sizeBytes, r.sha256, r.storageKey, r.uploadedBy],
    );
  }

  /** An application's materials, in upload order. */
  ofApplication(applicationId: string): Promise<MaterialRow[]> {
    return this.dataSource.query(`SELECT * FROM approval.materials WHERE application_id = $1 ORDER BY uploaded_at, id`, [applicationId]);
  }

  /** One material of an application (the caller checked the id is a uuid), or null. */
  async find(applicationId: string, materialId: string): Promise<{ file_name: string; content_type: string; sha256: string; storage_key: string } | null> {
    const [row]: Array<{ file_name: string; content_type: string; sha256: string; storage_key: string }> =
      await this.dataSource.query(`SELECT file_name, content_type, sha256, storage_key FROM approval.materials WHERE id = $1 AND application_id = $2`, [materialId, applicationId]);
    return row ?? null;
  }

  /** The application's signature of a commitment text version, or null. */
  async commitment(m: EntityManager, applicationId: string, textVersion: string): Promise<CommitmentRow | null> {
    const [existing]: CommitmentRow[] = await m.query(
      `SELECT text_sha256, signed_at, signer_name FROM approval.commitments WHERE application_id = $1 AND text_version = $2`, [applicationId, textVersion]);
    return existing ?? null;
  }

  async insertCommitment(m: EntityManager, c: NewCommitment): Promise<void> {
    await m.query(
      `INSERT INTO approval.commitments (id, application_id, text_version, text_sha256, signer_id, signer_name, signed_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [c.id, c.applicationId, c.textVersion, c.textSha256, c.signerId, c.signerName, c.signedAt],
    );
  }

  /** The names of the materials an application has uploaded. */
  async uploadedNames(m: EntityManager, applicationId: string): Promise<Set<string>> {
    const uploaded: Array<{ material_name: string }> = await m.query(`SELECT DISTINCT material_name FROM approval.materials WHERE application_id = $1`, [applicationId]);
    return new Set(uploaded.map((u) => u.material_name));
  }

  /** Whether the application has signed a credit commitment (any version). */
  async hasCommitment(m: EntityManager, applicationId: string): Promise<boolean> {
    const [c] = await m.query(`SELECT 1 FROM approval.commitments WHERE application_id = $1 LIMIT 1`, [applicationId]);
    return !!c;
  }
}
