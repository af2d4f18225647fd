import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '@app/core';

/**
 * Treasury callbacks (回调), signed by the treasury over (timestamp, nonce, body) with the callback
 * key — its own key, issued separately or derived from the master, never the master itself:
 *
 *   x-treasury-timestamp: <unix milliseconds>
 *   x-treasury-nonce:     <16–128 characters [A-Za-z0-9_-], new for every delivery>
 *   x-treasury-signature: hex HMAC-SHA256(key, "qinqing/treasury-callback/v2\n" ts "\n" nonce "\n" canonical(body))
 *
 * The body is signed in canonical JSON (sorted keys), so re-serialising it never breaks a signature.
 * The platform refuses timestamps more than five minutes off and any nonce it has seen before.
 */
export const CALLBACK_HEADERS = {
  timestamp: 'x-treasury-timestamp',
  nonce: 'x-treasury-nonce',
  signature: 'x-treasury-signature',
} as const;

export const CALLBACK_MAX_SKEW_MS = 5 * 60_000;

const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const TIMESTAMP = /^\d{10,16}$/;

/** One delivery as it travels: the three headers and the JSON body. */
export interface SignedCallback {
  timestamp: string;
  nonce: string;
  signature: string;
  body: unknown;
}

export function callbackSignature(key: Buffer, timestamp: string, nonce: string, body: unknown): string {
  return createHmac('sha256', key).update(`qinqing/treasury-callback/v2\n${timestamp}\n${nonce}\n`).update(canonicalJson(body)).digest('hex');
}

/** What the treasury (or its simulator) does to send a callback. */
export function signCallback(key: Buffer, body: unknown, now = Date.now()): SignedCallback {
  const timestamp = String(now);
  const nonce = randomBytes(18).toString('base64url');
  return { timestamp, nonce, signature: callbackSignature(key, timestamp, nonce, body), body };
}

export type CallbackRefusal = 'SIGNATURE_INVALID' | 'STALE';

/**
 * Checks a delivery's signature against the accepted keys (constant time) and its timestamp against
 * the clock. The nonce is checked by the receiver against what it has stored (replay).
 */
export function checkCallback(
  keys: readonly Buffer[],
  d: Partial<SignedCallback>,
  now = Date.now(),
): { ok: true; timestamp: number; nonce: string } | { ok: false; refusal: CallbackRefusal; reason: string } {
  if (!d.timestamp || !TIMESTAMP.test(d.timestamp) || !d.nonce || !NONCE.test(d.nonce) || !d.signature || !/^[0-9a-f]{64}$/.test(d.signature)) {
    return { ok: false, refusal: 'SIGNATURE_INVALID', reason: '缺少或格式错误的签名、时间戳或随机数' };
  }
  const given = Buffer.from(d.signature, 'hex');
  const match = keys.some((k) => {
    const expected = Buffer.from(callbackSignature(k, d.timestamp!, d.nonce!, d.body), 'hex');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!match) return { ok: false, refusal: 'SIGNATURE_INVALID', reason: '签名无效' };
  const ts = Number(d.timestamp);
  if (Math.abs(now - ts) > CALLBACK_MAX_SKEW_MS) return { ok: false, refusal: 'STALE', reason: '回调时间戳超出允许的 5 分钟偏差' };
  return { ok: true, timestamp: ts, nonce: d.nonce };
}
