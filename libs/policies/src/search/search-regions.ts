import { ZHENGZHOU_DISTRICTS } from '@app/enterprises';
import { codePrefix, isAll, isLeaf, LeafCondition, RuleCondition } from '@app/rules';

/** The districts (区县/功能区) the search's 适用区域 filter offers; the city itself is not a choice. */
const DISTRICT_CODES: readonly string[] = ZHENGZHOU_DISTRICTS.filter((d) => d.kind !== 'city').map((d) => d.code);

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [String(v)]);

function admits(leaf: LeafCondition, code: string): boolean | undefined {
  switch (leaf.operator) {
    case 'equal': return code === String(leaf.value);
    case 'notEqual': return code !== String(leaf.value);
    case 'in': return asList(leaf.value).includes(code);
    case 'notIn': return !asList(leaf.value).includes(code);
    case 'inRegion': return asList(leaf.value).some((r) => code.startsWith(codePrefix(r)));
    default: return undefined;
  }
}

/**
 * The districts an item is open to, read from its rule for the search's region filter: the
 * `districtCode` conditions every firm must meet (those on the chain of `all` groups from the
 * root). `null` when the rule sets no such condition (open to every district). Conditions inside
 * `any` or `not` are left out, so an item is never hidden from a district it may serve — at worst
 * it is listed for one it does not.
 */
export function applicableDistricts(rule: RuleCondition): string[] | null {
  const required: LeafCondition[] = [];
  const visit = (node: RuleCondition): void => {
    if (isLeaf(node)) {
      if (node.fact === 'districtCode') required.push(node);
    } else if (isAll(node)) node.all.forEach(visit);
  };
  visit(rule);
  if (!required.length) return null;
  return DISTRICT_CODES.filter((code) => required.every((leaf) => admits(leaf, code) !== false));
}
