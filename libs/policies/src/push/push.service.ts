import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PUSH_CHANNELS, PushChannel, PushMessage } from './push-channel.port';

/** Sends new inbox entries through every channel and records each delivery. */
@Injectable()
export class PushService {
  private readonly logger = new Logger('Push');

  constructor(@Inject(PUSH_CHANNELS) private readonly channels: PushChannel[]) {}

  async deliver(m: EntityManager, messages: PushMessage[]): Promise<void> {
    if (messages.length === 0) return;
    for (const ch of this.channels) {
      let status: string;
      let detail: string | null = null;
      try {
        status = await ch.send(messages);
      } catch (err) {
        status = 'failed';
        detail = (err as Error).message.slice(0, 500);
        this.logger.warn(`channel ${ch.name} failed: ${detail}`);
      }
      await m.query(
        `INSERT INTO policy.push_deliveries (inbox_id, channel, status, detail)
         SELECT u, $2, $3, $4 FROM unnest($1::uuid[]) AS u ON CONFLICT (inbox_id, channel) DO NOTHING`,
        [messages.map((x) => x.inboxId), ch.name, status, detail],
      );
    }
  }
}
