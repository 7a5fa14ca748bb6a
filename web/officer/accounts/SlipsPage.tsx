/**
 * The sealed slips (R-2.2, the manual's "sealed carbon paper"): one per account, cut lines
 * between them, printed on A4 by the browser. The passwords exist only in this page's
 * memory; leaving the page drops them for good.
 */
import { For, onCleanup, Show } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import type { Slip } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { cx } from '../../lib/cx.ts';
import ui from '../ui.module.css';
import { t } from './messages.ts';
import { dropSlips, slipBatch } from './slip-store.ts';
import styles from './SlipsPage.module.css';

export default function SlipsPage() {
  const navigate = useNavigate();
  // Shown once: whatever way the officer leaves, the passwords go.
  onCleanup(dropSlips);
  const portal = location.origin;

  return (
    <section class="page">
      <Show
        when={slipBatch()}
        fallback={
          <>
            <h1>{t('slipsHeading')}</h1>
            <p class="notice notice-info">{t('noSlips')}</p>
            <p><A class="button secondary" href="/officer/accounts">{t('backToList')}</A></p>
          </>
        }
      >
        {(batch) => (
          <>
            <div class="no-print">
              <h1>{t('slipsHeading')} <span class="muted">({t('slipsCount', { n: batch().slips.length })})</span></h1>
              <p class="notice notice-warning" role="alert">{t('slipsIntro')}</p>
              <Show when={batch().legacy.length}>
                <p class="notice notice-info">{t('legacyCreated', { list: batch().legacy.join(', ') })}</p>
              </Show>
              <div class="actions">
                <Show when={batch().slips.length}>
                  <button type="button" class="button" onClick={() => window.print()}>{t('print')}</button>
                </Show>
                <button type="button" class="button secondary" onClick={() => navigate('/officer/accounts')}>{t('finish')}</button>
              </div>
            </div>
            <div class={styles.slips}>
              <For each={batch().slips}>{(slip) => <SlipCard slip={slip} portal={portal} issuedAt={batch().issuedAt} />}</For>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

/**
 * The slip itself is in Thai whatever the console's language: it goes to a civil servant who
 * follows the Thai manual. English glosses help the few who need them.
 */
function SlipCard(props: { slip: Slip; portal: string; issuedAt: string }) {
  // `slip` stays on the article as a hook for browser tests.
  return (
    <article class={cx('slip', styles.slip)} aria-label={`ซองรหัสผ่าน ${props.slip.username}`}>
      <header class={styles.head}>
        <p class={styles.secret}>ลับ – เฉพาะผู้รับ <span lang="en">CONFIDENTIAL</span></p>
        <h2>รหัสผ่านเริ่มต้นสำหรับลงทะเบียน Soft Token</h2>
        <p class={styles.to}>
          <Show when={props.slip.displayName}><strong>{props.slip.displayName}</strong> · </Show>
          หน่วยเบิกจ่าย <span class="mono">{props.slip.unitCode}</span> {props.slip.unitName}
        </p>
      </header>
      <dl class={ui.credentials}>
        <div>
          <dt>รหัสผู้ใช้งาน <span lang="en">(Username)</span></dt>
          <dd class="mono" data-testid="slip-username">{props.slip.username}</dd>
        </div>
        <div>
          <dt>รหัสผ่านเริ่มต้น <span lang="en">(Initial password)</span></dt>
          <dd class="mono" data-testid="slip-password">{props.slip.initialPassword}</dd>
        </div>
      </dl>
      <ol class={styles.steps}>
        <li>เข้าสู่ระบบ New GFMIS Thai ผ่าน Google Chrome ที่ URL : <strong class="mono">{props.portal}</strong></li>
        <li>ระบุรหัสผู้ใช้งาน (Username) และรหัสผ่านเริ่มต้น (Password) ตามเอกสารนี้ แล้วคลิกเข้าสู่ระบบ</li>
        <li>ระบบแสดงหน้าจอลงทะเบียน GFMIS Registration ให้ดำเนินการตามขั้นตอนการลงทะเบียน Soft Token ให้ครบทั้ง 5 ขั้นตอน ตามคู่มือการใช้งาน</li>
      </ol>
      <p class={ui.advice}>
        <strong>ข้อแนะนำ :</strong> ผู้ลงทะเบียนควรคัดลอกรายละเอียดรหัสผู้ใช้และรหัสผ่านเริ่มต้นไว้ที่โปรแกรม Microsoft Word หรือ Notepad
        และใช้วิธีคัดลอกและวาง (Copy &amp; Paste) ตัว Username Password ที่ได้เพื่อใช้สำหรับ Login ในการลงทะเบียน Soft Token ต่อไป
        (ตัวพิมพ์ใหญ่และตัวพิมพ์เล็กถือเป็นตัวอักษรต่างกัน)
      </p>
      <p class={styles.foot}>
        อย่าเปิดเผยรหัสผ่านนี้แก่ผู้อื่น หากซองถูกเปิดก่อนถึงมือท่าน กรุณาแจ้งเจ้าหน้าที่เพื่อออกรหัสผ่านเริ่มต้นใหม่ ·
        ออกเมื่อ {formatDateTime(props.issuedAt, 'th')}
      </p>
    </article>
  );
}
