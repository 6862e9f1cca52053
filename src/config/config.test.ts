import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('CASELINK_TRUST_PROXY', () => {
  it('is off unless set; takes addresses and CIDRs; refuses anything else naming the variable', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ CASELINK_TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,::1 ' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/1', '300.1.1.1']) {
      expect(() => loadConfig({ CASELINK_TRUST_PROXY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ CASELINK_TRUST_PROXY: bad })).toThrow(/CASELINK_TRUST_PROXY/);
    }
  });
});
