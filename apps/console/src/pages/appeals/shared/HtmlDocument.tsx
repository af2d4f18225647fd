import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Space } from 'antd';
import { useRef } from 'react';
import { QueryState } from '../../../components/QueryState';

/**
 * A printable document the API renders as HTML (交办函, 督办函, 纪要, 月度通报), shown in a sandboxed
 * frame inside a dialog, with 打印 (the frame's own print) and 新窗口打开.
 */
export function HtmlDocumentModal({ title, open, onClose, queryKey, load }: { title: string; open: boolean; onClose: () => void; queryKey: readonly unknown[]; load: () => Promise<string> }) {
  const doc = useQuery({ queryKey, queryFn: load, enabled: open, staleTime: 60_000 });
  const frame = useRef<HTMLIFrameElement>(null);
  const openWindow = () => {
    if (!doc.data) return;
    const url = URL.createObjectURL(new Blob([doc.data], { type: 'text/html;charset=utf-8' }));
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      width={860}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={openWindow} disabled={!doc.data}>新窗口打开</Button>
          <Button type="primary" onClick={() => frame.current?.contentWindow?.print()} disabled={!doc.data}>打印</Button>
          <Button onClick={onClose}>关闭</Button>
        </Space>
      }
    >
      <QueryState query={doc}>
        {(html) => <iframe ref={frame} title={title} srcDoc={html} sandbox="allow-modals allow-same-origin" style={{ width: '100%', height: 560, border: '1px solid #eee' }} />}
      </QueryState>
    </Modal>
  );
}
