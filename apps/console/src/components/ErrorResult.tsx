import { Alert, Button } from 'antd';
import { ApiError, errorDetails, errorMessage } from '../api/errors';
import { StatusPanel } from './StatusPanel';

/** A failed load shown in place of the page: the API's Chinese message, its code, and a retry. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  const kind = status === 404 ? '404' : status === 403 ? '403' : status >= 500 || status === 0 ? 'error' : 'warning';
  return (
    <StatusPanel
      kind={kind}
      title={errorMessage(error)}
      subTitle={error instanceof ApiError && error.code !== 'NETWORK' ? `错误代码：${error.code}` : undefined}
      extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  );
}

/** A failed action shown inline (forms): the message and any field-level details. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const details = errorDetails(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorMessage(error)}
      description={details.length ? <ul style={{ margin: 0, paddingLeft: 20 }}>{details.map((d) => <li key={d}>{d}</li>)}</ul> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
