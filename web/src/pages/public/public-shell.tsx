// The frame of the citizens' pages: no login, no menu; one narrow column that fits a phone (375 px) and stays
// readable on a desktop. Everything shown is text: React escapes it, nothing is inserted as markup.
import { Button, Cascader, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { type PublicOptions, type PublicRegion, publicApi } from '../../api/public-client.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { useI18n } from '../../i18n.ts';
import { usePublicText } from '../../i18n-public.ts';
import { placeTree } from './places.ts';

export function PublicShell({ title, children, back = true }: { title?: string; children: ReactNode; back?: boolean }) {
  const p = usePublicText();
  useEffect(() => {
    document.title = title ? `${title} · ${p.title}` : p.title;
  }, [title, p.title]);
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Flex align="center" justify="space-between" style={{ padding: '8px 12px', background: '#1d4e89' }}>
        <Link to="/public" style={{ color: '#fff', fontWeight: 600, fontSize: 16 }} data-testid="public-home-link">
          {p.title}
        </Link>
        <span style={{ background: '#fff', borderRadius: 4 }}>
          <LanguageSwitch type="text" />
        </span>
      </Flex>
      <main style={{ maxWidth: 560, margin: '0 auto', padding: 16 }}>
        {back ? (
          <Link to="/public">
            <Button type="link" style={{ paddingLeft: 0 }}>
              ← {p.back}
            </Button>
          </Link>
        ) : null}
        {title ? (
          <Typography.Title level={3} style={{ marginTop: 4 }}>
            {title}
          </Typography.Title>
        ) : null}
        {children}
      </main>
    </div>
  );
}

/** The forms' options, loaded once per page. */
export function usePublicOptions(): { options: PublicOptions | null; error: unknown; retry: () => void } {
  const [options, setOptions] = useState<PublicOptions | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the load on retry
  useEffect(() => {
    let live = true;
    setError(null);
    publicApi.options().then(
      (o) => live && setOptions(o),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  return { options, error, retry: () => setAttempt((n) => n + 1) };
}

export function OptionsError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorAlert error={error} onRetry={retry} />;
}

/**
 * A place picker over the province's regions (places.ts): the path from the city down; `selectable` says which
 * regions may be chosen (those with the receiving unit), the others only lead to them. The form holds the path;
 * chosenRegion reads the choice.
 */
export function RegionPicker({ regions, selectable, value, onChange, testId }: {
  regions: PublicRegion[];
  selectable: (r: PublicRegion) => boolean;
  value?: string[];
  onChange?: (v: string[]) => void;
  testId?: string;
}) {
  const { name } = useI18n();
  const tree = useMemo(() => placeTree(regions, selectable, (r) => name(r.name, r.nameEn)), [regions, selectable, name]);
  return (
    <Cascader
      options={tree}
      value={value}
      onChange={(v) => onChange?.((v ?? []) as string[])}
      changeOnSelect
      showSearch
      style={{ width: '100%' }}
      data-testid={testId}
      popupMatchSelectWidth={false}
    />
  );
}

export { chosenRegion } from './places.ts';
