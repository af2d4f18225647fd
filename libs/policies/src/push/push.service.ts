import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { uuid7 } from '@app/core';
import { PUSH_CHANNELS, PushChannel, PushDigest, PushMessage } from './push-channel.port';

/**
 * Announces new inbox entries (pushed match rows) through every channel: one digest per firm and channel per run (a
 * firm eligible for six new items gets one SMS, not six), each recorded in one statement.
 */
@Injectable()
export class PushService {
  private readonly logger = new Logger('Push');

  constructor(@Inject(PUSH_CHANNELS) private readonly channels: PushChannel[]) {}

  async deliver(m: EntityManager, messages: PushMessage[]): Promise<void> {
    if (messages.length === 0 || this.channels.length === 0) return;
    const byFirm = new Map<string, PushDigest>();
    for (const x of messages) {
      const d = byFirm.get(x.enterpriseId) ?? { enterpriseId: x.enterpriseId, itemVersionIds: [], titles: [] };
      d.itemVersionIds.push(x.itemVersionId);
      d.titles.push(x.title);
      byFirm.set(x.enterpriseId, d);
    }
    const digests = [...byFirm.values()];
    const outcomes = await Promise.all(
      this.channels.map(async (ch) => {
        try {
          return { channel: ch.name, status: await ch.send(digests), detail: null };
        } catch (err) {
          const detail = (err as Error).message.slice(0, 500);
          this.logger.warn(`channel ${ch.name} failed: ${detail}`);
          return { channel: ch.name, status: 'failed', detail };
        }
      }),
    );
    const ids: string[] = [];
    const firms: string[] = [];
    const versions: string[] = [];
    const channel: string[] = [];
    const status: string[] = [];
    const detail: Array<string | null> = [];
    for (const o of outcomes) {
      for (const d of digests) {
        ids.push(uuid7());
        firms.push(d.enterpriseId);
        versions.push(`{${d.itemVersionIds.join(',')}}`);
        channel.push(o.channel);
        status.push(o.status);
        detail.push(o.detail);
      }
    }
    await m.query(
      `INSERT INTO policy.push_deliveries (id, enterprise_id, item_version_ids, channel, status, detail)
       SELECT u.id, u.e, u.i::uuid[], u.c, u.s, u.d FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, e, i, c, s, d)`,
      [ids, firms, versions, channel, status, detail],
    );
  }
}
