/** One firm's indicator before and after (null when the profile did not have it). */
export type Observation = [before: number | null, after: number | null];

export interface GroupChange {
  firms: number;
  meanBefore: number;
  meanAfter: number;
  meanChange: number;
}

export interface DidResult {
  treated: GroupChange;
  control: GroupChange;
  /** Mean change of the treated minus mean change of the control group. */
  effect: number;
}

function change(obs: Observation[]): GroupChange {
  const complete = obs.filter((o): o is [number, number] => o[0] !== null && o[1] !== null);
  const n = complete.length;
  if (n === 0) return { firms: 0, meanBefore: 0, meanAfter: 0, meanChange: 0 };
  let b = 0;
  let a = 0;
  for (const [before, after] of complete) {
    b += before;
    a += after;
  }
  return { firms: n, meanBefore: b / n, meanAfter: a / n, meanChange: (a - b) / n };
}

/**
 * A simple difference-in-differences: firms without both observations are left out; no
 * covariates, no weighting. effect = (after − before)treated − (after − before)control.
 */
export function differenceInDifferences(treated: Observation[], control: Observation[]): DidResult {
  const t = change(treated);
  const c = change(control);
  return { treated: t, control: c, effect: t.meanChange - c.meanChange };
}
