/**
 * The filled แบบคำร้องขอใช้บริการ Soft Token for signing (R-9.2): the manual's paper form on
 * one A4 page, in Thai whatever the screen's language (it goes into a government file), with
 * the tracking number, the purposes as ☑/☐, both signature blocks and the officers' part 4
 * left empty.
 */
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { FormAlert } from '../../components/Form.tsx';
import { ApiError, type HolderReason, type ServicePurpose, type ServiceRequestForm } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { normaliseTracking } from './form-model.ts';
import { t } from './messages.ts';
import './print.css';
import { findServiceRequest } from './load.ts';

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
    <section class="sr-print" aria-labelledby="sr-print-title">
      <div class="sr-print-bar no-print">
        <A href={`/service-request/${tracking()}`}>← {t('backToRequest')}</A>
        <p class="muted">{t('printIntro')}</p>
        <button type="button" class="button" onClick={() => window.print()} disabled={!request.latest}>{t('printButton')}</button>
      </div>
      <Switch fallback={<p class="loading" role="status">{t('loading')}</p>}>
        <Match when={request.state === 'errored'}>
          <FormAlert>
            <p>{t('loadFailed', { message: request.error instanceof ApiError ? request.error.message : String(request.error) })}</p>
            <button type="button" class="button small secondary" onClick={() => void refetch()}>{t('retry')}</button>
          </FormAlert>
        </Match>
        <Match when={request.state === 'ready' && request() === null}>
          <FormAlert>{t('notFound')}</FormAlert>
        </Match>
        <Match when={request.latest}>{(r) => <Sheet r={r()} />}</Match>
      </Switch>
    </section>
  );
}

const Box = (props: { on: boolean }) => <span class="box" aria-hidden="true">{props.on ? '☑' : '☐'}</span>;
const Dot = (props: { on: boolean }) => <span class="box" aria-hidden="true">{props.on ? '◉' : '○'}</span>;

/** A value written on the dotted line, or the empty dotted line itself. */
function Line(props: { children?: JSX.Element; class?: string }) {
  return <span class={`line ${props.class ?? ''}`}>{props.children}</span>;
}

/** Characters in boxes, as the paper form has for codes and IDs. */
function Cells(props: { value: string; count: number; label: string }) {
  const chars = () => Array.from({ length: props.count }, (_, i) => props.value[i] ?? '');
  return (
    <span class="cells" role="img" aria-label={`${props.label} ${props.value}`}>
      <For each={chars()}>{(c) => <span class="cell">{c}</span>}</For>
    </span>
  );
}

function Sheet(props: { r: ServiceRequestForm }) {
  const r = () => props.r;
  const q = () => r().requester;
  const d = () => r().purposeDetail ?? {};
  const is = (p: ServicePurpose) => r().purpose === p;
  const Purpose = (p: { purpose: ServicePurpose; children?: JSX.Element }) => (
    <p class="opt" data-purpose={p.purpose} data-checked={is(p.purpose) ? 'true' : 'false'}>
      <Box on={is(p.purpose)} /> <span class="visually-hidden">{is(p.purpose) ? '(เลือก)' : '(ไม่เลือก)'}</span>{PURPOSE_TH[p.purpose]}{p.children}
    </p>
  );
  const Reason = (p: { reason: HolderReason; children?: JSX.Element }) => (
    <p class="opt sub"><Dot on={is('change_holder') && d().holderReason === p.reason} /> {REASON_TH[p.reason]}{p.children}</p>
  );
  const Signature = (p: { role: string; name?: string }) => (
    <div class="signature">
      <p>ลงนาม <Line class="grow" /></p>
      <p class="center">{p.role}</p>
      <p class="center">( <Line class="name">{p.name}</Line> )</p>
      <p>ตำแหน่ง <Line class="grow" /></p>
      <p>วันที่ <Line class="short" /> / <Line class="short" /> / <Line class="short" /></p>
    </div>
  );

  return (
    <article class="sr-sheet" lang="th">
      <header class="sheet-head">
        <h1 id="sr-print-title">แบบคำร้องขอใช้บริการ Soft Token</h1>
        <p class="tracking">เลขที่คำร้อง <strong data-testid="print-tracking">{r().trackingNumber}</strong></p>
      </header>

      <section class="part" aria-label="ส่วนที่ 1">
        <span class="part-no" aria-hidden="true">1</span>
        <p>
          รหัสหน่วยเบิกจ่าย <Cells value={r().unitCode} count={10} label="รหัสหน่วยเบิกจ่าย" />
          {' '}ชื่อหน่วยเบิกจ่าย <Line class="grow">{q().unitName}</Line>
        </p>
      </section>

      <section class="part" aria-label="ส่วนที่ 2">
        <span class="part-no" aria-hidden="true">2</span>
        <p class="part-tag">New GFMIS Thai</p>
        <h2>รายละเอียดผู้ยื่นคำร้องขอใช้บริการ Soft Token</h2>
        <p>ชื่อ - นามสกุล <Line class="grow">{q().name}</Line></p>
        <p>เลขประจำตัวประชาชน <Cells value={q().nationalId} count={13} label="เลขประจำตัวประชาชน" /></p>
        <p>
          email ที่ลงทะเบียน Soft Token <Line class="grow">{q().email}</Line>
          {' '}เบอร์โทรศัพท์มือถือ <Line>{formatMobile(q().mobile)}</Line>
        </p>
        <p>หน่วยงานสังกัด (สำนัก / กอง หรือเทียบเท่า) <Line class="grow">{q().division}</Line></p>
        <p>
          ส่วนราชการ (กรมหรือเทียบเท่า) <Line class="grow">{q().department}</Line>
          {' '}กระทรวง <Line class="grow">{q().ministry}</Line>
        </p>
        <p>รหัสผู้ใช้งาน (15 หลัก) <Cells value={r().username} count={15} label="รหัสผู้ใช้งาน" /></p>
      </section>

      <section class="part" aria-label="ส่วนที่ 3">
        <span class="part-no" aria-hidden="true">3</span>
        <p class="part-tag">ผู้ใช้งานมีความประสงค์</p>
        <div class="cols">
          <div>
            <Purpose purpose="reset_password"> <span class="note">(ระบบส่งรหัสไปยัง email ที่ลงทะเบียน)</span></Purpose>
            <Purpose purpose="change_phone" />
            <Purpose purpose="lost_phone" />
            <Purpose purpose="other"> <Line class="grow">{is('other') ? d().otherText : ''}</Line></Purpose>
          </div>
          <div>
            <Purpose purpose="change_holder" />
            <Reason reason="resigned" />
            <Reason reason="moved" />
            <Reason reason="other"> <Line class="grow">{is('change_holder') && d().holderReason === 'other' ? d().holderReasonText : ''}</Line></Reason>
            <p class="opt sub">email รับรหัสผ่านใหม่ <Line class="grow">{is('change_holder') ? d().newHolderEmail : ''}</Line></p>
            <Purpose purpose="change_email" />
            <Show when={is('change_email')}>
              <p class="opt sub">email ใหม่ <Line class="grow">{d().newEmail}</Line></p>
            </Show>
          </div>
        </div>
        <div class="cols signatures">
          <Signature role="ผู้ยื่นคำร้อง" name={q().name} />
          <div>
            <Signature role="หัวหน้าส่วนราชการ" />
            <p class="remark"><strong>หมายเหตุ:</strong> หัวหน้าส่วนราชการ หมายถึง หัวหน้าส่วนราชการที่เบิกเงินกับกรมบัญชีกลางหรือสำนักงานคลังจังหวัด</p>
          </div>
        </div>
      </section>

      <section class="part officers" aria-label="ส่วนที่ 4">
        <span class="part-no" aria-hidden="true">4</span>
        <p class="part-tag">**กรุณาอัปโหลดแบบคำร้องที่ลงนามแล้วในระบบ Soft Token ด้วยเลขที่คำร้อง {r().trackingNumber}</p>
        <div class="cols">
          <div>
            <h2>สำหรับเจ้าหน้าที่กรมบัญชีกลาง</h2>
            <p class="opt"><Box on={false} /> ดำเนินการตามคำร้องเรียบร้อยแล้ว</p>
            <p class="opt"><Box on={false} /> ไม่สามารถดำเนินการได้ เนื่องจาก <Line class="grow" /></p>
            <p><Line class="full" /></p>
            <p>ลงชื่อ <Line class="grow" /></p>
            <p class="center">เจ้าหน้าที่ผู้ดำเนินการ</p>
            <p class="center">( <Line class="name" /> )</p>
            <p>วันที่ <Line class="short" /> / <Line class="short" /> / <Line class="short" /></p>
          </div>
          <div>
            <h2>ผู้ตรวจสอบการดำเนินการ</h2>
            <p class="opt">ได้ตรวจสอบความถูกต้องแล้ว</p>
            <p><Line class="full" /></p>
            <p><Line class="full" /></p>
            <p>ลงชื่อ <Line class="grow" /></p>
            <p class="center">ผู้อำนวยการกลุ่มงานบริการและประชาสัมพันธ์</p>
            <p class="center">( <Line class="name" /> )</p>
            <p>วันที่ <Line class="short" /> / <Line class="short" /> / <Line class="short" /></p>
          </div>
        </div>
      </section>
      <footer class="sheet-foot">
        ยื่นคำร้องทางระบบเมื่อ {formatDateTime(r().createdAt, 'th')} · เลขที่คำร้อง {r().trackingNumber} · {location.origin}/service-request/status
      </footer>
    </article>
  );
}

/** 0811234567 → 081-123-4567, as the manual writes it. */
function formatMobile(m: string): string {
  return /^\d{10}$/.test(m) ? `${m.slice(0, 3)}-${m.slice(3, 6)}-${m.slice(6)}` : m;
}
