import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PUSH_CHANNELS, PushChannel, PushMessage } from './push-channel.port';

/** Sends new inbox entries through every channel and records each delivery (one statement for all channels). */
@Injectable()
export class PushService {
  private readonly logger = new Logger('Push');

  constructor(@Inject(PUSH_CHANNELS) private readonly channels: PushChannel[]) {}

  async deliver(m: EntityManager, messages: PushMessage[]): Promise<void> {
    if (messages.length === 0 || this.channels.length === 0) return;
    const outcomes = await Promise.all(
      this.channels.map(async (ch) => {
        try {
          return { channel: ch.name, status: await ch.send(messages), detail: null };
        } catch (err) {
          const detail = (err as Error).message.slice(0, 500);
          this.logger.warn(`channel ${ch.name} failed: ${detail}`);
          return { channel: ch.name, status: 'failed', detail };
        }
      }),
    );
    await m.query(
      `INSERT INTO policy.push_deliveries (inbox_id, channel, status, detail)
       SELECT u.id, c.channel, c.status, c.detail
       FROM unnest($1::uuid[]) AS u(id) CROSS JOIN unnest($2::text[], $3::text[], $4::text[]) AS c(channel, status, detail)
       ON CONFLICT (inbox_id, channel) DO NOTHING`,
      [messages.map((x) => x.inboxId), outcomes.map((o) => o.channel), outcomes.map((o) => o.status), outcomes.map((o) => o.detail)],
    );
  }
}
