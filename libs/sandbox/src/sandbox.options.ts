/** Tunables of the sandbox module (no environment reads here: the app passes them in). */
export interface SandboxOptions {
  /** Build the snapshot when the application starts. Default true. */
  buildOnStart: boolean;
  /** Periodic refresh in ms; 0 disables the timer. Default 5000. */
  refreshIntervalMs: number;
  /** Rows per keyset page when reading PostgreSQL. Default 20000. */
  pageSize: number;
  /** Changes re-read on every refresh to catch transactions that committed late. Default 10 s. */
  overlapMs: number;
  /** Initial row capacity of the column store (it doubles as needed). */
  capacityHint: number;
}

export const DEFAULT_SANDBOX_OPTIONS: SandboxOptions = {
  buildOnStart: true,
  refreshIntervalMs: 5000,
  pageSize: 20_000,
  overlapMs: 10_000,
  capacityHint: 1024,
};

export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');
