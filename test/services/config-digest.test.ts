// NETPILOT_DIGEST_DAY / NETPILOT_DIGEST_HOUR: defaults, accepted spellings, clear errors.
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../services/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('weekly digest schedule in the config', () => {
  it('defaults to Monday 09:00 UTC', () => {
    const config = loadConfig({});
    expect(config.digest).toEqual({ day: 1, hour: 9 });
    expect(describeConfig(config)).toContain('digest=mon 09:00 UTC');
  });

  it.each([['fri', 5], ['Friday', 5], ['SUN', 0], ['saturday', 6], [' wed ', 3]])('reads the day %s', (day, n) => {
    expect(loadConfig({ NETPILOT_DIGEST_DAY: day as string, NETPILOT_DIGEST_HOUR: '17' }).digest).toEqual({ day: n, hour: 17 });
  });

  it('names both bad values at once', () => {
    const found = problems({ NETPILOT_DIGEST_DAY: 'someday', NETPILOT_DIGEST_HOUR: '24' });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^NETPILOT_DIGEST_DAY: expected a weekday .*"someday"/),
      expect.stringMatching(/^NETPILOT_DIGEST_HOUR: expected an integer from 0 to 23, got "24"/),
    ]));
    expect(problems({ NETPILOT_DIGEST_HOUR: '9.5' })).toEqual([expect.stringContaining('NETPILOT_DIGEST_HOUR')]);
  });
});
