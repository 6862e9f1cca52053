import { Button } from 'antd';
import { useI18n } from '../i18n.ts';

/** One button that offers the other language (中文 <-> English). */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { lang, setLang, t } = useI18n();
  const other = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button
      type={type}
      data-testid="lang-switch"
      title={t.lang.switchTitle}
      lang={other}
      onClick={() => setLang(other)}
    >
      {t.lang.switchTo}
    </Button>
  );
}
