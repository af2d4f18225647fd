import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaidBenefit, PaidBenefitsSource } from '@app/contracts';

/** Benefits paid for an item (state paid), for the sandbox's effect analysis. */
@Injectable()
export class PaidBenefitsQuery implements PaidBenefitsSource {
  constructor(private readonly dataSource: DataSource) {}

  async paidForItem(itemId: string): Promise<PaidBenefit[]> {
    if (!/^[0-9a-f-]{36}$/i.test(itemId)) return [];
    const rows: Array<{ enterprise_id: string; amount_fen: number; paid_at: Date }> = await this.dataSource.query(
      `SELECT enterprise_id, amount_fen, paid_at FROM approval.applications WHERE item_id = $1 AND state = 'paid' AND paid_at IS NOT NULL`,
      [itemId],
    );
    return rows.map((r) => ({ enterpriseId: r.enterprise_id, amountFen: Number(r.amount_fen), paidAt: new Date(r.paid_at).toISOString() }));
  }
}
