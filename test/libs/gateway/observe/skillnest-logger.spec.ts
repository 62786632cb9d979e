import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SkillnestLogger, logSettingsFromEnv, type LogSettings } from '@skillnest/gateway';

/** A logger writing to a file of its own, and what it wrote, line by line. */
function loggerToFile(settings: Partial<LogSettings> = {}) {
  const path = join(mkdtempSync(join(tmpdir(), 'skillnest-log-')), 'out.log');
  const fd = openSync(path, 'w');
  const logger = new SkillnestLogger({ format: 'json', level: 'info', destination: fd, ...settings });
  const read = () => {
    logger.flush();
    return readFileSync(path, 'utf8');
  };
  const lines = () =>
    read()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, read, lines, close: () => closeSync(fd) };
}

describe('SkillnestLogger', () => {
  it('writes one JSON object a line with the level name, the time in epoch milliseconds, the context and the message', () => {
    const out = loggerToFile();
    out.logger.log('Gateway /mcp mounted', 'McpGateway');
    out.logger.warn('slow upstream', 'HttpPool');
    const [first, second] = out.lines();
    expect(first).toMatchObject({ level: 'info', context: 'McpGateway', msg: 'Gateway /mcp mounted' });
    expect(Math.abs(Number(first.time) - Date.now())).toBeLessThan(60_000);
    expect(second).toMatchObject({ level: 'warn', context: 'HttpPool', msg: 'slow upstream' });
    out.close();
  });

  it('hides key=value secrets, bearer tokens and URL credentials in every line, but keeps addresses the app states', () => {
    const out = loggerToFile();
    out.logger.error('connect failed password=hunter2 user=app', 'PgPool');
    out.logger.warn('retrying postgres://app:s3cret@db:5432/x with Authorization: Bearer abc.def.ghi', 'PgPool');
    out.logger.log({ msg: 'config {"apiKey":"k-123"}', extra: 1 }, 'Config');
    out.logger.log('Skillnest example listening on http://0.0.0.0:3000/mcp', 'Bootstrap');
    const text = out.read();
    for (const secret of ['hunter2', 's3cret', 'abc.def.ghi', 'k-123']) expect(text).not.toContain(secret);
    const lines = out.lines();
    expect(lines[0].msg).toBe('connect failed password=<redacted> user=app');
    expect(lines[1].msg).toBe('retrying postgres://<redacted>@db:5432/x with Authorization: <redacted>');
    expect(lines[2]).toMatchObject({ context: 'Config', extra: 1 });
    expect(lines[3].msg).toBe('Skillnest example listening on http://0.0.0.0:3000/mcp');
    out.close();
  });

  it('never writes a stack trace that Nest passes to error()', () => {
    const out = loggerToFile();
    out.logger.error('Unhandled failure', 'Error: boom\n    at handler (/app/dist/main.js:10:5)\n    at next (/app/node_modules/x.js:1:1)', 'ExceptionsHandler');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'error', msg: 'Unhandled failure', context: 'ExceptionsHandler' });
    expect(out.read()).not.toContain('main.js');
    out.close();
  });

  it('escapes control characters in readable lines too, so a client string cannot start a line of its own', () => {
    const out = loggerToFile({ format: 'pretty' });
    out.logger.warn('unknown tool "x\nERROR: forged line"', 'McpGateway');
    const text = out.read();
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toContain('[McpGateway] unknown tool "x\\nERROR: forged line"');
    out.close();
  });

  it('drops lines below its level', () => {
    const out = loggerToFile({ level: 'warn' });
    out.logger.log('not this one', 'A');
    out.logger.debug('nor this', 'A');
    out.logger.warn('this one', 'A');
    expect(out.lines().map((line) => line.msg)).toEqual(['this one']);
    out.close();
  });
});

describe('logSettingsFromEnv', () => {
  it('chooses JSON in production and pretty lines otherwise, unless SKILLNEST_LOG_FORMAT says', () => {
    expect(logSettingsFromEnv({ NODE_ENV: 'production' })).toEqual({ format: 'json', level: 'info', destination: 1 });
    expect(logSettingsFromEnv({})).toEqual({ format: 'pretty', level: 'info', destination: 1 });
    expect(logSettingsFromEnv({ NODE_ENV: 'production', SKILLNEST_LOG_FORMAT: 'pretty', SKILLNEST_LOG_LEVEL: 'debug', SKILLNEST_LOG_DESTINATION: 'stderr' })).toEqual({
      format: 'pretty',
      level: 'debug',
      destination: 2,
    });
  });

  it('refuses a value it does not know, naming the setting', () => {
    expect(() => logSettingsFromEnv({ SKILLNEST_LOG_FORMAT: 'xml' })).toThrow('SKILLNEST_LOG_FORMAT must be one of json, pretty (got "xml").');
    expect(() => logSettingsFromEnv({ SKILLNEST_LOG_LEVEL: 'loud' })).toThrow('SKILLNEST_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud").');
    expect(() => logSettingsFromEnv({ SKILLNEST_LOG_DESTINATION: 'file' })).toThrow('SKILLNEST_LOG_DESTINATION must be one of stdout, stderr (got "file").');
  });
});
