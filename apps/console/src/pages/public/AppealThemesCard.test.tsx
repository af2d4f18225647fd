import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import type { PublicItem } from '../../api/types';
import { AppealThemesCard } from './AppealThemesCard';

const item = { itemId: 'i-1', name: '企业研发费用后补助' } as PublicItem;

async function render(node: React.ReactNode): Promise<HTMLElement> {
  const host = document.createElement('div');
  document.body.appendChild(host);
  await act(async () => createRoot(host).render(node));
  return host;
}

describe('AppealThemesCard', () => {
  it('shows each linked theme with its category, terms, firm count and the items it concerns', async () => {
    const el = await render(
      <AppealThemesCard themes={[{ category: 'finance', categoryLabel: '融资信贷', terms: ['贷款贴息'], firmCount: 4, itemIds: ['i-1'] }]} items={[item]} />,
    );
    expect(el.textContent).toContain('企业反映的相关诉求');
    expect(el.textContent).toContain('融资信贷');
    expect(el.textContent).toContain('贷款贴息');
    expect(el.textContent).toContain('4 家企业反映');
    expect(el.querySelector('a[href="#item-i-1"]')?.textContent).toBe('企业研发费用后补助');
  });

  it('shows nothing when no theme is linked', async () => {
    const el = await render(<AppealThemesCard themes={[]} items={[item]} />);
    expect(el.textContent).toBe('');
  });
});
