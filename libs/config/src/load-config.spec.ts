import { ConfigError, loadConfig, maskConfig } from './load-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig('matching', {});
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/closegap');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3004);
    expect(config.KAFKA_TOPIC_PREFIX).toBe('');
  });

  it('parses lists and numbers', () => {
    const config = loadConfig('crm-ingestion', { KAFKA_BROKERS: 'a:9092, b:9093', PORT: '8080', INGEST_DROP_DIR: '/drop' });
    expect(config.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(config.PORT).toBe(8080);
    expect(config.INGEST_DROP_DIR).toBe('/drop');
  });

  it('lists every problem in one error, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig('matching', { KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'mysql://x', PORT: 'abc', REDIS_URL: 'http://r' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect((error as ConfigError).problems).toHaveLength(4);
    expect(message).toContain('KAFKA_BROKERS');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('PORT');
    expect(message).toContain('REDIS_URL');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig('cli', { KAFKA_BROKERS: '' }).KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('masks secrets in errors and logs', () => {
    expect(() => loadConfig('matching', { DATABASE_URL: 'mysql://u:hunter2@db/x' })).toThrow(/\*\*\*/);
    expect(() => loadConfig('matching', { DATABASE_URL: 'mysql://u:hunter2@db/x' })).not.toThrow(/hunter2/);
    const masked = maskConfig(loadConfig('matching', { DATABASE_URL: 'postgres://u:hunter2@db:5432/x' }));
    expect(JSON.stringify(masked)).not.toContain('hunter2');
    expect(masked.DATABASE_URL).toBe('postgres://u:***@db:5432/x');
  });
});
