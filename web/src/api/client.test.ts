import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, NETWORK_ERROR_CODE, onSessionEnded } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function stubFetch(status: number, body?: unknown): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    });
  });
  return calls;
}

const headersOf = (call: Call | undefined) => (call?.init.headers ?? {}) as Record<string, string>;

afterEach(() => {
  vi.unstubAllGlobals();
  onSessionEnded(null);
});

describe('api client', () => {
  it('sends the CSRF header on unsafe methods, and no JSON content type without a body', async () => {
    const calls = stubFetch(204);
    await api.logout();
    expect(calls[0]?.init.method).toBe('POST');
    expect(headersOf(calls[0])['X-Requested-With']).toBe('caselink');
    expect(headersOf(calls[0])['Content-Type']).toBeUndefined();
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('sends no CSRF header on GET and drops empty query values', async () => {
    const calls = stubFetch(200, { items: [], total: 0 });
    await api.units({ agency: undefined, regionCode: '', page: 2, pageSize: 50 });
    expect(calls[0]?.url).toBe('/api/units?page=2&pageSize=50');
    expect(headersOf(calls[0])['X-Requested-With']).toBeUndefined();
  });

  it('uploads a dossier document as the raw file with its own content type, the kind and name in the query', async () => {
    const calls = stubFetch(201, { id: 'd1' });
    const file = new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46])], { type: 'application/pdf' });
    await api.uploadDocument('c1', { bytes: file, type: 'application/pdf', name: '起诉书.pdf' }, 'indictment', 2);
    expect(calls[0]?.url).toBe(`/api/cases/c1/documents?kind=indictment&name=${encodeURIComponent('起诉书.pdf').replace(/%20/g, '+')}&volume=2`);
    expect(calls[0]?.init.body).toBe(file);
    expect(headersOf(calls[0])['Content-Type']).toBe('application/pdf');
    expect(headersOf(calls[0])['X-Requested-With']).toBe('caselink');
  });

  it('turns an error body into an ApiError with field problems reduced to field names', async () => {
    stubFetch(400, {
      code: 'VALIDATION_FAILED',
      message: { zh: '请求内容不符合要求', en: 'The request is not valid' },
      details: [
        { field: '/phone', message: { zh: '电话号码无效', en: 'Invalid phone number' } },
        { field: 'body.idNumber', message: { zh: '无效', en: 'Invalid' } },
        { nonsense: true },
      ],
    });
    const err = await api
      .createUser({ username: 'a', displayName: 'A', password: 'x', role: 'handler', unitId: 'u' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiError = err as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.bilingual?.en).toBe('The request is not valid');
    expect(apiError.fieldProblems.map((p) => p.field)).toEqual(['phone', 'idNumber']);
  });

  it('reports an ended session on 401, but not for a failed login', async () => {
    const ended = vi.fn();
    onSessionEnded(ended);
    stubFetch(401, { code: 'AUTH_INVALID_CREDENTIALS', message: { zh: '用户名或密码错误', en: 'Wrong username or password' } });
    await expect(api.login('a', 'b')).rejects.toBeInstanceOf(ApiError);
    expect(ended).not.toHaveBeenCalled();
    stubFetch(401, { code: 'AUTH_REQUIRED', message: { zh: '请先登录', en: 'Please log in' } });
    await expect(api.inbox()).rejects.toBeInstanceOf(ApiError);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('gives a network failure and a non-CaseLink error body their own codes', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.me()).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR_CODE, bilingual: null });
    vi.stubGlobal('fetch', async () => new Response('<html>Bad Gateway</html>', { status: 502 }));
    await expect(api.me()).rejects.toMatchObject({ status: 502, code: 'HTTP_502', bilingual: null });
  });
});
