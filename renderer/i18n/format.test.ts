import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { startI18n, type Lang } from './index';
import { formatBytes, formatDateTime, formatDuration, formatMilliseconds, formatNumber, formatPercent } from './format';

const t = (language: Lang) => startI18n(i18next.createInstance(), language).t;

describe('numbers in the UI language', () => {
  it('groups big counts by thousands in both languages', () => {
    expect(formatNumber(10000, 'en')).toBe('10,000');
    expect(formatNumber(10000, 'zh-CN')).toBe('10,000');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
  });

  it('shows sizes with a unit: bytes spelled out, larger sizes to one decimal', () => {
    expect(formatBytes(512, 'en')).toBe('512 bytes');
    expect(formatBytes(512, 'zh-CN')).toBe('512字节');
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatBytes(1_234_567, 'zh-CN')).toBe('1.2 MB');
    expect(formatBytes(45_300, 'en')).toBe('45.3 kB');
    // Just under a megabyte reads as 1 MB, not "1,000 kB".
    expect(formatBytes(999_990, 'en')).toBe('1 MB');
    expect(formatBytes(2_500_000_000, 'en')).toBe('2.5 GB');
  });

  it('shows milliseconds grouped, with the unit of the language', () => {
    expect(formatMilliseconds(1234, 'en')).toBe('1,234 ms');
    expect(formatMilliseconds(1234, 'zh-CN')).toBe('1,234毫秒');
  });

  it('shows percentages in the language', () => {
    expect(formatPercent(0.2, 'en')).toBe('20%');
    expect(formatPercent(1, 'zh-CN')).toBe('100%');
  });
});

describe('durations', () => {
  const original = (Intl as { DurationFormat?: unknown }).DurationFormat;
  afterEach(() => {
    (Intl as { DurationFormat?: unknown }).DurationFormat = original;
  });

  it('read as minutes and seconds in English and in Chinese', () => {
    delete (Intl as { DurationFormat?: unknown }).DurationFormat;
    expect(formatDuration(200_000, 'en')).toBe('3 min, 20 sec');
    expect(formatDuration(200_000, 'zh-CN')).toBe('3分钟20秒');
    expect(formatDuration(3_723_000, 'en')).toBe('1 hr, 2 min, 3 sec');
    expect(formatDuration(3_600_000, 'zh-CN')).toBe('1小时');
    expect(formatDuration(45_000, 'en')).toBe('45 sec');
  });

  it('fall back to milliseconds under a second, never "0 sec"', () => {
    expect(formatDuration(450, 'en')).toBe('450 ms');
    expect(formatDuration(450, 'zh-CN')).toBe('450毫秒');
  });

  it('use Intl.DurationFormat where the engine has one, in the language asked for', () => {
    const calls: unknown[] = [];
    (Intl as { DurationFormat?: unknown }).DurationFormat = class {
      constructor(private readonly lang: string) {}
      format(parts: object) {
        calls.push([this.lang, parts]);
        return 'formatted';
      }
    };
    expect(formatDuration(200_000, 'zh-CN')).toBe('formatted');
    expect(calls).toEqual([['zh-CN', { minutes: 3, seconds: 20 }]]);
  });
});

describe('dates', () => {
  const moment = Date.UTC(2024, 0, 2, 15, 4, 5);

  it('follow the pattern of the language, not the system', () => {
    expect(formatDateTime(moment, 'en', 'long', 'UTC')).toMatch(/^Jan 2, 2024, 3:04:05\sPM$/);
    expect(formatDateTime(moment, 'zh-CN', 'long', 'UTC')).toBe('2024年1月2日 15:04:05');
    expect(formatDateTime(moment, 'en', 'short', 'UTC')).toMatch(/^1\/2\/24, 3:04\sPM$/);
    expect(formatDateTime(moment, 'zh-CN', 'short', 'UTC')).toBe('2024/1/2 15:04');
  });
});

describe('strings', () => {
  it('show batch progress grouped, with the rate to one decimal, in each language', () => {
    const values = { done: 10000, failed: 1234, remaining: 0, rate: 12.345 };
    expect(t('en')('batch.stats', values)).toBe('10,000 done, 1,234 failed, 0 remaining · 12.3/s');
    expect(t('zh-CN')('batch.stats', values)).toBe('已处理 10,000，失败 1,234，剩余 0 · 12.3 条/秒');
  });

  it('show the time left as a duration of the language', () => {
    expect(t('en')('batch.eta', { left: 200_000 })).toBe('about 3 min, 20 sec left');
    expect(t('zh-CN')('batch.eta', { left: 200_000 })).toBe('预计还需 3分钟20秒');
  });

  it('pick the plural by the count and still group it', () => {
    const heading = (lang: 'en' | 'zh-CN', count: number, depth: number) =>
      t(lang)('tree.heading', { count, levels: t(lang)('tree.levels', { count: depth }) });
    expect(heading('en', 10000, 3)).toBe('Merge-forward: 10,000 sub-messages, 3 levels deep');
    expect(heading('en', 1, 1)).toBe('Merge-forward: 1 sub-message, 1 level deep');
    expect(heading('zh-CN', 10000, 3)).toBe('合并转发：10,000 条子消息，3 层');
    expect(t('en')('history.count', { count: 1 })).toBe('1 lookup');
    expect(t('zh-CN')('json.items', { count: 12345 })).toBe('12,345 项');
  });

  it('show sizes and request times with units', () => {
    expect(t('en')('resource.saved', { name: 'a.pdf', size: 1_234_567 })).toBe('Downloaded a.pdf (1.2 MB)');
    expect(t('zh-CN')('resource.saved', { name: 'a.pdf', size: 2048 })).toBe('已下载 a.pdf（2 kB）');
    expect(t('zh-CN')('result.fetchedIn', { ms: 1500 })).toBe('耗时 1,500毫秒');
  });

  it('keep a placeholder that is not a number as it is', () => {
    expect(t('en')('rendered.audio', { length: '?' })).toBe('Voice message, ?');
  });
});
