import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, PollingLoop, recordDeliveryAttempt, uuid7 } from '@app/core';
import { noticeText } from './notice.service';
import { NAMED_IN_DIGEST, PUSH_CHANNELS, PushChannel, PushDigest, PushMessage } from './push-channel.port';

/** Delivery rows a sender claims at a time (one gateway call per channel). */
const SEND_BATCH = 5000;
/** A delivery claimed this long ago and not marked is taken as lost with its sender, and sent again. */
const LEASE_MS = 5 * 60_000;

interface ClaimedDelivery {
  id: string;
  enterprise_id: string;
  channel: string;
  item_version_ids: string[];
  items: number | null;
  attempts: number;
  notice_id: string | null;
}

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
    private readonly dataSource: DataSource,
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
    const ids: string[] = [];
    const firms: string[] = [];
    const named: string[] = [];
    const items: number[] = [];
    const channel: string[] = [];
    for (const ch of this.channels) {
      for (const [firm, d] of byFirm) {
        ids.push(uuid7());
        firms.push(firm);
        named.push(`{${d.named.join(',')}}`);
        items.push(d.items);
        channel.push(ch.name);
      }
    }
    await m.query(
      `INSERT INTO policy.push_deliveries (id, enterprise_id, item_version_ids, items, channel, status)
       SELECT u.id, u.e, u.v::uuid[], u.n, u.c, 'pending' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[]) AS u(id, e, v, n, c)`,
      [ids, firms, named, items, channel],
    );
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
    return mutateReturning<ClaimedDelivery>(
      this.dataSource,
      `UPDATE policy.push_deliveries d SET status = 'sending', claimed_at = now(), attempts = d.attempts + 1
       WHERE d.id IN (
         SELECT id FROM policy.push_deliveries
         WHERE (status = 'pending' AND (next_at IS NULL OR next_at <= now()))
            OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2::float8 / 1000))
         ORDER BY at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.enterprise_id, d.channel, d.item_version_ids, d.items, d.attempts, d.notice_id`,
      [SEND_BATCH, LEASE_MS],
    );
  }

  private async sendClaimed(claimed: ClaimedDelivery[]): Promise<{ sent: number; retried: number; failed: number }> {
    const versionIds = [...new Set(claimed.flatMap((d) => d.item_version_ids))];
    const names: Array<{ id: string; name: string }> = await this.dataSource.query(`SELECT id, name FROM policy.item_versions WHERE id = ANY($1::uuid[])`, [versionIds]);
    const title = new Map(names.map((n) => [n.id, n.name]));
    const noticeIds = claimed.filter((d) => d.notice_id).map((d) => d.notice_id!);
    const notices: Array<{ id: string; kind: string; title: string; body: string }> = noticeIds.length
      ? await this.dataSource.query(`SELECT id, kind, title, body FROM policy.notices WHERE id = ANY($1::uuid[])`, [noticeIds])
      : [];
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
      const t = await recordDeliveryAttempt(this.dataSource, 'policy.push_deliveries', rows, status ? { status } : { error: detail ?? '' });
      result.sent += t.sent;
      result.retried += t.retried;
      result.failed += t.failed;
    }
    return result;
  }
}
