/**
 * The filled แบบคำร้องขอใช้บริการ Soft Token for signing (R-9.2): the manual's paper form on
 * one A4 page, in Thai whatever the screen's language (it goes into a government file), with
 * the tracking number, the purposes as ☑/☐, both signature blocks and the officers' part 4
 * left empty.
 */
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { FormAlert } from '../../components/Form.tsx';
import { type HolderReason, type ServicePurpose, type ServiceRequestForm } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { normaliseTracking } from './form-model.ts';
import { t } from './messages.ts';
import { cx } from '../../lib/cx.ts';
import styles from './PrintPage.module.css';
import { findServiceRequest } from './load.ts';
import { LoadFailed } from './LoadFailed.tsx';

/** The manual's labels, as printed on the paper form. */
const PURPOSE_TH: Record<ServicePurpose, string> = {
  reset_password: 'ขอ reset รหัสผ่าน/ ลืมรหัสผ่าน',
  change_phone: 'เปลี่ยนมือถือ',
  lost_phone: 'มือถือหาย',
  other: 'อื่น ๆ (โปรดระบุ)',
  change_holder: 'เปลี่ยนผู้ใช้งาน เนื่องจากผู้ใช้งานเดิม',
  change_email: 'เปลี่ยน email ที่ลงทะเบียนไว้',
};
const REASON_TH: Record<HolderReason, string> = { resigned: 'ลาออก', moved: 'ย้ายสังกัด', other: 'อื่นๆ' };

export default function PrintPage() {
  const params = useParams<{ tracking: string }>();
  const tracking = () => normaliseTracking(params.tracking) ?? params.tracking;
  const [request, { refetch }] = createResource(tracking, findServiceRequest);

  return (
    <section aria-labelledby="sr-print-title">
      <div class={cx(styles.bar, 'no-print')}>
        <A href={`/service-request/${tracking()}`}>← {t('backToRequest')}</A>
        <p class="muted">{t('printIntro')}</p>
        <button type="button" class="button" onClick={() => window.print()} disabled={!request.latest}>{t('printButton')}</button>
      </div>
      <Switch fallback={<p class="loading" role="status">{t('loading')}</p>}>
        <Match when={request.state === 'errored'}>
          <LoadFailed request={request} retry={() => void refetch()} />
        </Match>
        <Match when={request.state === 'ready' && request() === null}>
          <FormAlert>{t('notFound')}</FormAlert>
        </Match>
        <Match when={request.latest}>{(r) => <Sheet r={r()} />}</Match>
      </Switch>
    </section>
  );
}

const Box = (props: { on: boolean }) => <span class={styles.box} aria-hidden="true">{props.on ? '☑' : '☐'}</span>;
const Dot = (props: { on: boolean }) => <span class={styles.box} aria-hidden="true">{props.on ? '◉' : '○'}</span>;

/** A value written on the dotted line, or the empty dotted line itself. */
function Line(props: { children?: JSX.Element; class?: string }) {
  return <span class={cx(styles.line, props.class)}>{props.children}</span>;
}

/** Characters in boxes, as the paper form has for codes and IDs. */
function Cells(props: { value: string; count: number; label: string }) {
  const chars = () => Array.from({ length: props.count }, (_, i) => props.value[i] ?? '');
  return (
    <span class={styles.cells} role="img" aria-label={`${props.label} ${props.value}`}>
      <For each={chars()}>{(c) => <span class={styles.cell}>{c}</span>}</For>
    </span>
  );
}

function Sheet(props: { r: ServiceRequestForm }) {
  const r = () => props.r;
  const q = () => r().requester;
  const d = () => r().purposeDetail ?? {};
  const is = (p: ServicePurpose) => r().purpose === p;
  const Purpose = (p: { purpose: ServicePurpose; children?: JSX.Element }) => (
    <p class={styles.opt} data-purpose={p.purpose} data-checked={is(p.purpose) ? 'true' : 'false'}>
      <Box on={is(p.purpose)} /> <span class="visually-hidden">{is(p.purpose) ? '(เลือก)' : '(ไม่เลือก)'}</span>{PURPOSE_TH[p.purpose]}{p.children}
    </p>
  );
  const Reason = (p: { reason: HolderReason; children?: JSX.Element }) => (
    <p class={cx(styles.opt, styles.sub)}><Dot on={is('change_holder') && d().holderReason === p.reason} /> {REASON_TH[p.reason]}{p.children}</p>
  );
  const Signature = (p: { role: string; name?: string }) => (
    <div class={cx('signature', styles.signature)}>
      <p>ลงนาม <Line class={styles.grow} /></p>
      <p class={styles.center}>{p.role}</p>
      <p class={styles.center}>( <Line class={styles.name}>{p.name}</Line> )</p>
      <p>ตำแหน่ง <Line class={styles.grow} /></p>
      <p>วันที่ <Line class={styles.short} /> / <Line class={styles.short} /> / <Line class={styles.short} /></p>
    </div>
  );

  // `sr-sheet` and `signature` stay as hooks for browser tests; `data-paper` prints the sheet alone (styles.css).
  return (
    <article class={cx('sr-sheet', styles.sheet)} lang="th" data-paper="sheet">
      <header class={styles.head}>
        <h1 id="sr-print-title">แบบคำร้องขอใช้บริการ Soft Token</h1>
        <p class={styles.tracking}>เลขที่คำร้อง <strong data-testid="print-tracking">{r().trackingNumber}</strong></p>
      </header>

      <section class={styles.part} aria-label="ส่วนที่ 1">
        <span class={styles.partNo} aria-hidden="true">1</span>
        <p>
          รหัสหน่วยเบิกจ่าย <Cells value={r().unitCode} count={10} label="รหัสหน่วยเบิกจ่าย" />
          {' '}ชื่อหน่วยเบิกจ่าย <Line class={styles.grow}>{q().unitName}</Line>
        </p>
      </section>

      <section class={styles.part} aria-label="ส่วนที่ 2">
        <span class={styles.partNo} aria-hidden="true">2</span>
        <p class={styles.partTag}>New GFMIS Thai</p>
        <h2>รายละเอียดผู้ยื่นคำร้องขอใช้บริการ Soft Token</h2>
        <p>ชื่อ - นามสกุล <Line class={styles.grow}>{q().name}</Line></p>
        <p>เลขประจำตัวประชาชน <Cells value={q().nationalId} count={13} label="เลขประจำตัวประชาชน" /></p>
        <p>
          email ที่ลงทะเบียน Soft Token <Line class={styles.grow}>{q().email}</Line>
          {' '}เบอร์โทรศัพท์มือถือ <Line>{formatMobile(q().mobile)}</Line>
        </p>
        <p>หน่วยงานสังกัด (สำนัก / กอง หรือเทียบเท่า) <Line class={styles.grow}>{q().division}</Line></p>
        <p>
          ส่วนราชการ (กรมหรือเทียบเท่า) <Line class={styles.grow}>{q().department}</Line>
          {' '}กระทรวง <Line class={styles.grow}>{q().ministry}</Line>
        </p>
        <p>รหัสผู้ใช้งาน (15 หลัก) <Cells value={r().username} count={15} label="รหัสผู้ใช้งาน" /></p>
      </section>

      <section class={styles.part} aria-label="ส่วนที่ 3">
        <span class={styles.partNo} aria-hidden="true">3</span>
        <p class={styles.partTag}>ผู้ใช้งานมีความประสงค์</p>
        <div class={styles.cols}>
          <div>
            <Purpose purpose="reset_password"> <span class={styles.note}>(ระบบส่งรหัสไปยัง email ที่ลงทะเบียน)</span></Purpose>
            <Purpose purpose="change_phone" />
            <Purpose purpose="lost_phone" />
            <Purpose purpose="other"> <Line class={styles.grow}>{is('other') ? d().otherText : ''}</Line></Purpose>
          </div>
          <div>
            <Purpose purpose="change_holder" />
            <Reason reason="resigned" />
            <Reason reason="moved" />
            <Reason reason="other"> <Line class={styles.grow}>{is('change_holder') && d().holderReason === 'other' ? d().holderReasonText : ''}</Line></Reason>
            <p class={cx(styles.opt, styles.sub)}>email รับรหัสผ่านใหม่ <Line class={styles.grow}>{is('change_holder') ? d().newHolderEmail : ''}</Line></p>
            <Purpose purpose="change_email" />
            <Show when={is('change_email')}>
              <p class={cx(styles.opt, styles.sub)}>email ใหม่ <Line class={styles.grow}>{d().newEmail}</Line></p>
            </Show>
          </div>
        </div>
        <div class={cx(styles.cols, styles.signatures)}>
          <Signature role="ผู้ยื่นคำร้อง" name={q().name} />
          <div>
            <Signature role="หัวหน้าส่วนราชการ" />
            <p class={styles.remark}><strong>หมายเหตุ:</strong> หัวหน้าส่วนราชการ หมายถึง หัวหน้าส่วนราชการที่เบิกเงินกับกรมบัญชีกลางหรือสำนักงานคลังจังหวัด</p>
          </div>
        </div>
      </section>

      <section class={cx(styles.part, styles.officers)} aria-label="ส่วนที่ 4">
        <span class={styles.partNo} aria-hidden="true">4</span>
        <p class={styles.partTag}>**กรุณาอัปโหลดแบบคำร้องที่ลงนามแล้วในระบบ Soft Token ด้วยเลขที่คำร้อง {r().trackingNumber}</p>
        <div class={styles.cols}>
          <div>
            <h2>สำหรับเจ้าหน้าที่กรมบัญชีกลาง</h2>
            <p class={styles.opt}><Box on={false} /> ดำเนินการตามคำร้องเรียบร้อยแล้ว</p>
            <p class={styles.opt}><Box on={false} /> ไม่สามารถดำเนินการได้ เนื่องจาก <Line class={styles.grow} /></p>
            <p><Line class={styles.full} /></p>
            <p>ลงชื่อ <Line class={styles.grow} /></p>
            <p class={styles.center}>เจ้าหน้าที่ผู้ดำเนินการ</p>
            <p class={styles.center}>( <Line class={styles.name} /> )</p>
            <p>วันที่ <Line class={styles.short} /> / <Line class={styles.short} /> / <Line class={styles.short} /></p>
          </div>
          <div>
            <h2>ผู้ตรวจสอบการดำเนินการ</h2>
            <p class={styles.opt}>ได้ตรวจสอบความถูกต้องแล้ว</p>
            <p><Line class={styles.full} /></p>
            <p><Line class={styles.full} /></p>
            <p>ลงชื่อ <Line class={styles.grow} /></p>
            <p class={styles.center}>ผู้อำนวยการกลุ่มงานบริการและประชาสัมพันธ์</p>
            <p class={styles.center}>( <Line class={styles.name} /> )</p>
            <p>วันที่ <Line class={styles.short} /> / <Line class={styles.short} /> / <Line class={styles.short} /></p>
          </div>
        </div>
      </section>
      <footer class={styles.foot}>
        ยื่นคำร้องทางระบบเมื่อ {formatDateTime(r().createdAt, 'th')} · เลขที่คำร้อง {r().trackingNumber} · {location.origin}/service-request/status
      </footer>
    </article>
  );
}

/** 0811234567 → 081-123-4567, as the manual writes it. */
function formatMobile(m: string): string {
  return /^\d{10}$/.test(m) ? `${m.slice(0, 3)}-${m.slice(3, 6)}-${m.slice(6)}` : m;
}
