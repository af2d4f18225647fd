import type { INestApplication } from '@nestjs/common';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

/**
 * What a request body may be, checked before any DTO validation runs: its size (per route), its
 * JSON nesting depth, and no NUL characters anywhere in the URL or the body. Each refusal is a coded
 * 4xx in the usual `{code, message, details}` shape, never a 500 from a parser, a validator's
 * recursion or the database.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
/**
 * Deepest JSON nesting accepted. The deepest legitimate body is a policy import's rule: 12 levels of
 * all/any/not are ~26 JSON levels plus the wrappers around it.
 */
export const MAX_JSON_DEPTH = 64;

export const RequestErrorCodes = {
  PayloadTooLarge: 'HTTP.PAYLOAD_TOO_LARGE',
  TooDeep: 'VALIDATION.TOO_DEEP',
  MalformedJson: 'VALIDATION.MALFORMED_JSON',
  NulCharacter: 'VALIDATION.NUL_CHARACTER',
  UnsupportedEncoding: 'HTTP.UNSUPPORTED_ENCODING',
} as const;

interface BodyLimitRule {
  method: string;
  /** Path below the global prefix, `:name` for a parameter: `/policies/import`. */
  path: RegExp;
  bytes: number;
}

const bodyLimits: BodyLimitRule[] = [];

/**
 * Raises (or lowers) the body limit of one route; modules call it next to the route, like
 * registerErrorStatus. The default is DEFAULT_BODY_LIMIT_BYTES.
 */
export function registerBodyLimit(method: string, path: string, bytes: number): void {
  const pattern = new RegExp(`^/api/v1${path.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);
  bodyLimits.push({ method: method.toUpperCase(), path: pattern, bytes });
}

export function bodyLimitFor(method: string, path: string): number {
  const rule = bodyLimits.find((r) => r.method === method.toUpperCase() && r.path.test(path));
  return rule?.bytes ?? DEFAULT_BODY_LIMIT_BYTES;
}

class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Nesting depth of JSON text, scanning bytes (strings skipped); stops as soon as it passes `max`. */
export function jsonDepthExceeds(buf: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i += 1) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/** Keeps the raw bytes as `req.rawBody`, as Nest's own parser does with `rawBody: true` (signature checks need them). */
function keepRawBody(req: Request, _res: Response, buf: Buffer): void {
  (req as Request & { rawBody?: Buffer }).rawBody = buf;
}

function verifyDepth(req: Request, res: Response, buf: Buffer): void {
  keepRawBody(req, res, buf);
  if (jsonDepthExceeds(buf, MAX_JSON_DEPTH)) {
    throw new RequestRefused(400, RequestErrorCodes.TooDeep, `请求内容嵌套超过 ${MAX_JSON_DEPTH} 层`, { maxDepth: MAX_JSON_DEPTH });
  }
}

/** True when any string (or key) in a parsed body holds a NUL character. Iterative: depth is already bounded. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(x);
      }
    }
  }
  return false;
}

function refuse(res: Response, e: RequestRefused): void {
  res.status(e.status).json({ code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) });
}

/** body-parser's own errors, as coded refusals. */
function fromParserError(err: unknown, limit: number): RequestRefused {
  if (err instanceof RequestRefused) return err;
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') {
    return new RequestRefused(413, RequestErrorCodes.PayloadTooLarge, '请求内容过大', { limitBytes: limit });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new RequestRefused(415, RequestErrorCodes.UnsupportedEncoding, '不支持的内容编码或字符集');
  }
  if (type === 'parameters.too.many') return new RequestRefused(413, RequestErrorCodes.PayloadTooLarge, '请求参数过多');
  return new RequestRefused(400, RequestErrorCodes.MalformedJson, '请求内容不是合法的 JSON');
}

type Parser = (req: Request, res: Response, next: (err?: unknown) => void) => void;

function limitedParser(make: (limit: number) => Parser) {
  const parsers = new Map<number, Parser>();
  return (req: Request, res: Response, next: NextFunction): void => {
    const limit = bodyLimitFor(req.method, req.path);
    let parser = parsers.get(limit);
    if (!parser) {
      parser = make(limit);
      parsers.set(limit, parser);
    }
    parser(req, res, (err?: unknown) => {
      if (err) return refuse(res, fromParserError(err, limit));
      if (req.body !== undefined && containsNul(req.body)) {
        return refuse(res, new RequestRefused(400, RequestErrorCodes.NulCharacter, '请求内容含有不允许的空字符（NUL）'));
      }
      next();
    });
  };
}

/**
 * Installs the body parsers (named like Nest's own, which then are not added) and the URL check.
 * Call before `app.init()`.
 */
export function installRequestGuards(app: INestApplication): void {
  const nulInUrl = function nulInUrl(req: Request, res: Response, next: NextFunction): void {
    if (/%00|\u0000/i.test(req.originalUrl ?? req.url)) {
      return refuse(res, new RequestRefused(400, RequestErrorCodes.NulCharacter, '请求地址含有不允许的空字符（NUL）'));
    }
    next();
  };
  const jsonParser = limitedParser((limit) => express.json({ limit, verify: verifyDepth }) as Parser);
  const urlencodedParser = limitedParser((limit) => express.urlencoded({ limit, extended: false, parameterLimit: 1000, verify: keepRawBody }) as Parser);
  // Nest skips its own parsers when middleware with these names is already installed.
  Object.defineProperty(jsonParser, 'name', { value: 'jsonParser' });
  Object.defineProperty(urlencodedParser, 'name', { value: 'urlencodedParser' });
  app.use(nulInUrl);
  app.use(jsonParser);
  app.use(urlencodedParser);
}
