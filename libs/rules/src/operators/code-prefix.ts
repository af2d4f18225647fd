/**
 * Prefix matching for hierarchical codes. A region code names its level by trailing zero pairs:
 * 410000 is 河南省, 410100 郑州市, 410105 金水区 — so "in 410100" means "starts with 4101".
 * Industry codes (C, C35, C3511) are already prefixes. The same stripping applies to both formats
 * (no GB/T 4754 code ends in a "00" pair below its own level), which keeps one meaning for
 * `inRegion` in json-rules-engine, where an operator cannot see the fact's definition.
 */
export const CODE_PATTERN = /^[0-9A-Z]{1,12}$/;

export function codePrefix(code: string): string {
  let prefix = code;
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

export function codePrefixes(value: string | readonly (string | number)[]): string[] {
  const codes = typeof value === 'string' ? [value] : value.map(String);
  return codes.map(codePrefix);
}
