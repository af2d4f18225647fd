import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PollingLoop, uuid7 } from '@app/core';
import { noticeText } from './notice.service';
import { NAMED_IN_DIGEST, PUSH_CHANNELS, PushChannel, PushDigest, PushMessage } from './push-channel.port';
import { ClaimedDelivery, DigestDeliveryInsert, PushDeliveryRepository } from './push-delivery.repository';

/** Delivery rows a sender claims at a time (one gateway call per channel). */
const SEND_BATCH = 5000;
/** A delivery claimed this long ago and not marked is taken as lost with its sender, and sent again. */
const LEASE_MS = 5 * 60_000;

/**
 * Announces new inbox entries (pushed match rows) through every channel: one digest per firm and
 * channel per run (a firm eligible for six new items gets one SMS, not six).
 *
 * An outbox: `record` writes `pending` deliveries in the matching transaction — nothing is sent from
 * inside it, so a rolled-back run sends nothing. `sendPending` claims pending rows (SKIP LOCKED, so
 * any number of workers share them), commits the claim, calls the gateways, then marks each row
 * `sent`, or `pending` again with a back-off, or `failed` after DELIVERY_MAX_ATTEMPTS. A sender that dies
 * between the call and the mark leaves the row `sending`; after LEASE_MS it is sent again under the
 * same id, which the gateway uses to drop the repeat.
 */
@Injectable()
export class PushService implements OnModuleDestroy {
  private readonly logger = new Logger('Push');
  private readonly loop = new PollingLoop(() => this.sendPending(), (err) => this.logger.warn(`push sender: ${err.message}`));

  constructor(
    private readonly repo: PushDeliveryRepository,
    @Inject(PUSH_CHANNELS) private readonly channels: PushChannel[],
  ) {}

  /**
   * Records one pending delivery per firm and channel for the new inbox entries, in the caller's
   * transaction: how many items, and the ones the message names (the inbox lists them all).
   */
  async record(m: EntityManager, messages: PushMessage[]): Promise<void> {
    if (messages.length === 0 || this.channels.length === 0) return;
    const byFirm = new Map<string, { named: string[]; items: number }>();
    for (const x of messages) {
      const d = byFirm.get(x.enterpriseId);
      if (!d) byFirm.set(x.enterpriseId, { named: [x.itemVersionId], items: 1 });
      else {
        d.items++;
        if (d.named.length < NAMED_IN_DIGEST) d.named.push(x.itemVersionId);
      }
    }
    const rows: DigestDeliveryInsert[] = [];
    for (const ch of this.channels) {
      for (const [firm, d] of byFirm) rows.push({ id: uuid7(), enterpriseId: firm, itemVersionIds: d.named, items: d.items, channel: ch.name });
    }
    await this.repo.insertDigests(m, rows);
  }

  /** Sends what is pending (until nothing is left or `maxBatches` claims were made). Returns the deliveries handled. */
  async sendPending(maxBatches = 100): Promise<{ sent: number; retried: number; failed: number }> {
    const total = { sent: 0, retried: 0, failed: 0 };
    for (let b = 0; b < maxBatches; b++) {
      const claimed = await this.claim();
      if (claimed.length === 0) break;
      const r = await this.sendClaimed(claimed);
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      if (claimed.length < SEND_BATCH) break;
    }
    return total;
  }

  /** Sends pending deliveries every `intervalMs` in this process (workers, the embedded platform). */
  startSender(intervalMs = 1000): void {
    this.loop.start(intervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private claim(): Promise<ClaimedDelivery[]> {
    return this.repo.claim(SEND_BATCH, LEASE_MS);
  }

  private async sendClaimed(claimed: ClaimedDelivery[]): Promise<{ sent: number; retried: number; failed: number }> {
    const versionIds = [...new Set(claimed.flatMap((d) => d.item_version_ids))];
    const names = await this.repo.versionNames(versionIds);
    const title = new Map(names.map((n) => [n.id, n.name]));
    const noticeIds = claimed.filter((d) => d.notice_id).map((d) => d.notice_id!);
    const notices = noticeIds.length ? await this.repo.notices(noticeIds) : [];
    const notice = new Map(notices.map((n) => [n.id, n]));
    const result = { sent: 0, retried: 0, failed: 0 };
    const byChannel = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d]);
    for (const [name, rows] of byChannel) {
      const channel = this.channels.find((c) => c.name === name);
      const digests: PushDigest[] = rows.map((d) => {
        const n = d.notice_id ? notice.get(d.notice_id) : undefined;
        if (n) return { id: d.id, enterpriseId: d.enterprise_id, items: 0, itemVersionIds: [], titles: [n.title], text: noticeText(n.title, n.body), kind: n.kind };
        const named = d.item_version_ids.slice(0, NAMED_IN_DIGEST);
        return { id: d.id, enterpriseId: d.enterprise_id, items: d.items ?? d.item_version_ids.length, itemVersionIds: named, titles: named.map((v) => title.get(v) ?? '') };
      });
      let status: string | null = null;
      let detail: string | null = null;
      try {
        if (!channel) throw new Error(`channel ${name} is not configured`);
        status = await channel.send(digests);
      } catch (err) {
        detail = (err as Error).message.slice(0, 500);
        this.logger.warn(`channel ${name} failed for ${rows.length} deliveries: ${detail}`);
      }
      const t = await this.repo.recordAttempt(rows, status ? { status } : { error: detail ?? '' });
      result.sent += t.sent;
      result.retried += t.retried;
      result.failed += t.failed;
    }
    return result;
  }
}
