import { Spin } from 'antd';

/** While a page's code or first data loads. */
export function PageSpinner() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin size="large" tip="加载中…"><div style={{ height: 40 }} /></Spin>
    </div>
  );
}
