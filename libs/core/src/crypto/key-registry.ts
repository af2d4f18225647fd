import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, ConfigError } from '../config/app-config';
import { keyFingerprint } from './key-ring';

/**
 * Remembers which key each key id stood for (a fingerprint, never the key), and refuses to start
 * when a configured id now names another key: the ids are what ciphertexts, audit entries and blind
 * indexes are tagged with, so a new key under an old id would make them unreadable without notice.
 */
@Injectable()
export class KeyRegistry implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.check();
  }

  async check(): Promise<void> {
    for (const { kid, key } of this.config.keys.masters) {
      const fingerprint = keyFingerprint(key);
      await this.dataSource.query(
        `INSERT INTO core.key_registry (kid, fingerprint) VALUES ($1, $2) ON CONFLICT (kid) DO NOTHING`,
        [kid, fingerprint],
      );
      const [known]: Array<{ fingerprint: string }> = await this.dataSource.query(`SELECT fingerprint FROM core.key_registry WHERE kid = $1`, [kid]);
      if (known && known.fingerprint !== fingerprint) {
        const variable = kid === this.config.keys.kid ? 'ENCRYPTION_KEY' : 'ENCRYPTION_KEYS_RETIRED';
        throw new ConfigError(variable, `gives key id "${kid}" another key than before: a new key needs a new ENCRYPTION_KEY_ID (keep the old one in ENCRYPTION_KEYS_RETIRED)`);
      }
    }
  }
}
