import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NoticeService } from '@app/policies';
import { ApprovalClock } from '../clock';
import { ApplicationRepository } from '../application/application.repository';
import { ApplicationRow, SYSTEM_ACTOR } from '../application/application.types';

/** Why the firm is told something (办理通知). */
export type NoticeKind =
  | 'approved' | 'supplement' | 'rejected' | 'confirm_account' | 'confirm_reminder' | 'lapsed' | 'reopen_accepted' | 'reopen_rejected'
  | 'paid' | 'payout_failed' | 'verification';

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  approved: '申请审核通过',
  supplement: '申请退回补正',
  rejected: '申请未获通过',
  confirm_account: '请确认收款账户',
  confirm_reminder: '确认收款账户即将截止',
  lapsed: '申请逾期未确认已失效',
  reopen_accepted: '已同意恢复办理',
  reopen_rejected: '恢复办理申请未获同意',
  paid: '资金已到账',
  payout_failed: '资金拨付未成功',
  verification: '事后核查结果',
};

type Subject = Pick<ApplicationRow, 'id' | 'enterprise_id' | 'item_id'>;

export interface NoticeOf<A extends Subject> {
  kind: NoticeKind;
  body: (app: A) => string;
  /** Distinguishes notices of the same kind on one application (a second 补正, another deadline); default none. */
  key?: (app: A) => string;
}

/**
 * Tells firms about their applications: each notice is an entry of the firm's inbox, goes out
 * through the push delivery outbox (SMS, app message) after the commit, and is a node on the
 * application's timeline — all in the caller's transaction, once per dedupe key.
 */
@Injectable()
export class FirmNotifier {
  constructor(
    private readonly notices: NoticeService,
    private readonly repo: ApplicationRepository,
    private readonly clock: ApprovalClock,
  ) {}

  /** Returns how many of the notices were new. */
  async notify<A extends Subject>(m: EntityManager, apps: A[], n: NoticeOf<A>): Promise<number> {
    if (apps.length === 0) return 0;
    const title = NOTICE_TITLES[n.kind];
    const keyOf = (a: A) => `application:${a.id}:${n.kind}${n.key ? `:${n.key(a)}` : ''}`;
    const bodies = new Map(apps.map((a) => [a.id, n.body(a)]));
    const fresh = await this.notices.record(m, apps.map((a) => ({
      enterpriseId: a.enterprise_id, kind: n.kind, title, body: bodies.get(a.id)!, itemId: a.item_id, applicationId: a.id, dedupeKey: keyOf(a),
      at: this.clock.now(),
    })));
    const ids = apps.filter((a) => fresh.has(keyOf(a))).map((a) => a.id);
    await this.repo.noteMany(m, ids, (id) => ({
      command: 'note', actor: SYSTEM_ACTOR, outcome: 'notice', comment: `已通知企业（站内消息、短信、App消息）：【${title}】${bodies.get(id)}`,
      details: { notice: n.kind },
    }));
    return ids.length;
  }
}
