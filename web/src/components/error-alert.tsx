import { Alert, Button } from 'antd';
import { ApiError, NETWORK_ERROR_CODE } from '../api/client.ts';
import { useI18n } from '../i18n.ts';

/** Turns any failure into one line for the user, in the current language. */
export function useErrorText(): (err: unknown) => string {
  const { t, pick } = useI18n();
  return (err) => {
    if (!(err instanceof ApiError)) return t.common.unexpectedError;
    if (err.bilingual) return pick(err.bilingual);
    return err.code === NETWORK_ERROR_CODE ? t.common.networkError : t.common.httpError(err.status);
  };
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t.common.retry}
          </Button>
        )
      }
    />
  );
}
