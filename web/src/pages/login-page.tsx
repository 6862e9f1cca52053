import { Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { api } from '../api/client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { FullPageSpin } from '../components/route-guards.tsx';
import type { LoginState } from '../components/route-guards.tsx';
import { useSession } from '../components/session.tsx';
import { useI18n } from '../i18n.ts';
import { usePublicText } from '../i18n-public.ts';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t } = useI18n();
  const publicText = usePublicText();
  const { me, loadError, signedIn } = useSession();
  const location = useLocation();
  const [submitting, setSubmitting] = useState(false);
  // Kept as the error itself, so its bilingual message follows a language switch.
  const [error, setError] = useState<unknown>(null);

  if (me) {
    const from = (location.state as LoginState | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }
  if (me === undefined && !loadError) return <FullPageSpin />;

  async function submit({ username, password }: Credentials) {
    setSubmitting(true);
    setError(null);
    try {
      const result = await api.login(username.trim(), password);
      signedIn(result.user);
    } catch (err) {
      setError(err);
      setSubmitting(false);
    }
  }

  return (
    <Flex vertical align="center" justify="center" gap={24} style={{ minHeight: '100vh', padding: 24 }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch type="default" />
      </div>
      <Typography.Title level={2} style={{ margin: 0, textAlign: 'center' }}>
        {t.app.name}
      </Typography.Title>
      <Card title={t.login.title} style={{ width: '100%', maxWidth: 380 }}>
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="username"
            label={t.login.username}
            rules={[{ required: true, whitespace: true, message: t.login.usernameRequired }]}
          >
            <Input autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t.login.password} rules={[{ required: true, message: t.login.passwordRequired }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }} data-testid="login-error">
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t.login.submit}
          </Button>
        </Form>
      </Card>
      <Link to="/public" data-testid="login-public-link">
        {publicText.fromLogin}
      </Link>
    </Flex>
  );
}
