import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from './mailcatcher.ts';

describe('mail catcher', () => {
  let catcher: MailCatcher;

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  });
  afterAll(() => catcher.close());

  const send = (mail: { to: string | string[]; subject: string; text: string; html?: string; bcc?: string }) =>
    createTransport({ url: catcher.smtpUrl }).sendMail({ from: 'Soft Token <no-reply@softtoken.local>', ...mail });

  it('should report real ports when started on port 0', () => {
    expect(catcher.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(catcher.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('should keep a Thai message with its envelope recipients when one is sent', async () => {
    const subject = `รหัสยืนยันอีเมล ${Date.now()}`;
    const waiting = catcher.waitFor((m) => m.subject === subject);
    await send({ to: 'somchai@example.go.th', bcc: 'audit@example.go.th', subject, text: 'รหัสของท่านคือ 123456', html: '<p>รหัสของท่านคือ <b>123456</b></p>' });
    const mail = await waiting;
    expect(mail).toMatchObject({ subject, to: ['somchai@example.go.th', 'audit@example.go.th'], text: 'รหัสของท่านคือ 123456' });
    expect(mail.from).toContain('no-reply@softtoken.local');
    expect(mail.html).toContain('<b>123456</b>');
    expect(Date.parse(mail.date)).not.toBeNaN();
  });

  it('should find mail that arrived before waitFor was called', async () => {
    const subject = `ก่อนรอ ${Date.now()}`;
    await send({ to: 'a@example.com', subject, text: 'x' });
    await expect(catcher.waitFor((m) => m.subject === subject, 100)).resolves.toMatchObject({ subject });
  });

  it('should reject waitFor when no mail matches in time', async () => {
    await expect(catcher.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(/no matching mail/);
  });

  it('should list mail newest first as JSON and as an escaped page', async () => {
    await send({ to: 'b@example.com', subject: 'เก่า <old>', text: 'first' });
    await send({ to: 'c@example.com', subject: 'ใหม่ <script>alert(1)</script>', text: 'second & <last>' });
    const json = (await (await fetch(`${catcher.webUrl}/messages.json`)).json()) as Array<{ subject: string }>;
    expect(json[0]!.subject).toBe('ใหม่ <script>alert(1)</script>');
    expect(json[1]!.subject).toBe('เก่า <old>');
    expect(catcher.messages()[0]!.subject).toBe(json[0]!.subject);

    const res = await fetch(catcher.webUrl);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('ใหม่ &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('second &#38; &#60;last&#62;');
    expect(html.indexOf('ใหม่')).toBeLessThan(html.indexOf('เก่า'));
  });

  it('should refuse a message over the size limit', async () => {
    await expect(send({ to: 'd@example.com', subject: 'big', text: 'x'.repeat(11 * 1024 * 1024) })).rejects.toThrow();
    expect(catcher.messages().some((m) => m.subject === 'big')).toBe(false);
  });
});
