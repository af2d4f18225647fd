import type { TreasuryFaults } from './treasury/sim/simulated-bank';

/** How the payout center sends and to which treasury. Defaults suit the embedded platform. */
export interface PayoutOptions {
  /** Orders per treasury call (the treasury API takes a batch). */
  chunkSize: number;
  /** How long a worker owns a chunk it is sending; after that another worker may take it over. */
  leaseMs: number;
  /** How often the recovery sweep re-queues unfinished chunks (Redis lost, worker killed). */
  sweepIntervalMs: number;
  /** Concurrent chunk sends per worker. */
  concurrency: number;
  /**
   * The treasury adapter. Unset (every deployable): chosen by TREASURY_MODE in the config; tests
   * and benches may set it (a simulator with faults, say).
   */
  treasury?:
    | { kind: 'simulated'; faults?: TreasuryFaults }
    | { kind: 'http'; url: string; timeoutMs?: number }
    | { kind: 'file'; dir?: string };
}

export const DEFAULT_PAYOUT_OPTIONS: PayoutOptions = {
  chunkSize: 500,
  leaseMs: 60_000,
  sweepIntervalMs: 5_000,
  concurrency: 1,
};

export const PAYOUT_OPTIONS = Symbol('PAYOUT_OPTIONS');

/** Internal events of the payout center (not part of contracts: nobody else listens). */
