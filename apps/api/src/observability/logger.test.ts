import { afterEach, describe, expect, it, vi } from 'vitest';
import { handling } from './correlation.js';
import { createLogger } from './logger.js';

function capture(): string[] {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('the logger', () => {
  it('replaces values under secret keys and scrubs every string, in JSON', () => {
    const lines = capture();
    createLogger({ logFormat: 'json', logLevel: 'info' }).info(
      {
        email: 'ruby.carer@familymail.co.uk',
        request: {
          authorization: 'Bearer abc',
          variables: { name: 'Ruby' },
          url: 'smtp://mail:pw@smtp.council.gov.uk',
        },
      },
      'sent to ruby.carer@familymail.co.uk',
    );
    const line = JSON.parse(lines.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      email: '[redacted]',
      request: {
        authorization: '[redacted]',
        variables: '[redacted]',
        url: 'smtp://mail:[redacted]@smtp.council.gov.uk',
      },
      msg: 'sent to [email]',
    });
    expect(lines.join('')).not.toMatch(/Ruby|ruby|abc|:pw@/);
  });

  it('writes readable lines in text, trouble on stderr, with the correlation id of the request', () => {
    const lines = capture();
    const log = createLogger({ logFormat: 'text', logLevel: 'info' });
    log.info('kinroom: ready at http://127.0.0.1:4000');
    log.debug('kinroom: operation');
    const stderr = vi.mocked(process.stderr.write);
    handling(() => log.error({ err: new Error('boom') }, 'kinroom: error'));
    expect(lines[0]).toBe('kinroom: ready at http://127.0.0.1:4000\n');
    expect(lines[1]).toMatch(/^kinroom: error [0-9a-f-]{36}: Error: boom\n\s+at /);
    expect(lines).toHaveLength(2);
    expect(stderr).toHaveBeenCalledTimes(1);
  });
});
