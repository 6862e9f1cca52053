import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n.ts';

/** A full-page 403 or 404 with a way back home. */
function StatusResult({ status }: { status: '403' | '404' }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const text = status === '403' ? t.forbidden : t.notFound;
  return (
    <div data-testid={status === '403' ? 'forbidden' : 'not-found'}>
      <Result
        status={status}
        title={status}
        subTitle={text.subtitle}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {text.home}
          </Button>
        }
      />
    </div>
  );
}

/** Shown for a route whose menu key the user lacks, or when loading a page's data answers 403. */
export function ForbiddenPage() {
  return <StatusResult status="403" />;
}

export function NotFoundPage() {
  return <StatusResult status="404" />;
}
