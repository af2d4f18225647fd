import { Card, Space, Tag, Typography } from 'antd';
import type { PublicItem, Schemas } from '../../api/types';

/** 企业反映的相关诉求: the appeal themes linked to a policy's items (counts only), nothing when there are none. */
export function AppealThemesCard({ themes, items }: { themes: ReadonlyArray<Schemas['PublicAppealThemeDto']>; items: readonly PublicItem[] }) {
  if (themes.length === 0) return null;
  return (
    <Card title="企业反映的相关诉求" size="small" id="appeal-themes" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">以下是多家企业通过诉求渠道反映、与本政策相关的共性问题。</Typography.Paragraph>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {themes.map((t, i) => {
          const linked = items.filter((it) => t.itemIds.includes(it.itemId));
          return (
            <div key={`${t.category}-${t.terms.join(',')}-${i}`} data-testid="appeal-theme">
              <Space wrap size={4}>
                <Tag color="orange">{t.categoryLabel}</Tag>
                {t.terms.map((term) => (
                  <Tag key={term}>{term}</Tag>
                ))}
                <span>{t.firmCount} 家企业反映</span>
              </Space>
              {linked.length ? (
                <div>
                  相关事项：
                  {linked.map((it) => (
                    <a key={it.itemId} href={`#item-${it.itemId}`} style={{ marginRight: 8 }}>
                      {it.name}
                    </a>
                  ))}
                </div>
              ) : null}
            </div>
          );
        })}
      </Space>
    </Card>
  );
}
