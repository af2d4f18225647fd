import { ESLint } from 'eslint';
import { join } from 'node:path';

/**
 * The lint rule that keeps libs apart is itself tested: a deliberately added deep import, a relative
 * path into another lib and one into the test tree are refused; imports through a lib's index or its
 * testing entry pass.
 */
describe('lib boundaries (ESLint no-restricted-imports)', () => {
  const root = join(__dirname, '..', '..');
  const eslint = new ESLint({ cwd: root });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);
  };

  it('refuses a file inside another lib, a relative path out of the lib, and the test tree', async () => {
    const code = [
      "import { toFen } from '@app/core/money/money';",
      "import { FactRegistry } from '../../../rules/src/facts/fact-registry';",
      "import { settle } from '../../../test/support/settle';",
      "import { ApplicationRepository } from '@app/approvals/application/application.repository';",
      'export const used = [toFen, FactRegistry, settle, ApplicationRepository];',
    ].join('\n');
    expect(await lint('libs/policies/src/policy/example.ts', code)).toEqual([1, 2, 3, 4]);
  });

  it('lets through a lib index, a testing entry and paths inside the lib', async () => {
    const code = [
      "import { toFen } from '@app/core';",
      "import { ruleArb } from '@app/rules/testing';",
      "import { PoliciesService } from '../policy/policies.service';",
      'export const used = [toFen, ruleArb, PoliciesService];',
    ].join('\n');
    expect(await lint('libs/policies/src/matching/example.ts', code)).toEqual([]);
  });
});
