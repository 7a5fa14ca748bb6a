/**
 * The desktop registration tracker (R-3.1 … ), for a registration session. Each
 * handler validates, calls one domain function, maps its outcome.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import QRCode from 'qrcode';
import { findUnit } from '../../db/queries/units.ts';
import { actorOf, clientIp } from '../http/context.ts';
import { createActivationCode } from '../domain/activation.ts';
import { listDistricts, listProvinces, listSubdistricts } from '../domain/address.ts';
import { CONSENT_TEXT, CONSENT_VERSION } from '../domain/consent.ts';
import { checkPdf } from '../domain/documents.ts';
import { sendEmailCode, verifyEmailCode } from '../domain/email-otp.ts';
import { emailSchema, nationalIdSchema } from '../domain/identifiers.ts';
import { latestProofing, startProofing } from '../domain/proofing.ts';
import {
  clearDetails, PersonalSchema, provenFields, saveDetailsPart, submitRegistration, WorkplaceSchema,
} from '../domain/registration-details.ts';
import { completeStep1, findLiveRegistration, getTracker } from '../domain/registration.ts';
import { AppError } from '../errors.ts';
import { liveStream } from '../http/live-stream.ts';
import { fieldMessage, pdfUploadLimit, readUploadForm, toFieldErrors, validate } from '../http/validate.ts';
import { requireSession, type SessionEnv } from '../http/guards.ts';

/** The caller's live registration in the expected status, or 409 wrong_step. */
async function registrationIn(c: { var: SessionEnv['Variables'] }, ...statuses: string[]) {
  const reg = await findLiveRegistration(c.var.deps.database.db, c.var.account.id);
  if (!reg || !statuses.includes(reg.status)) throw new AppError('wrong_step');
  return reg;
}

const Step1Form = z.object({
  nationalId: nationalIdSchema,
  consent: z.literal('true', { message: 'consent_required' }),
});

export const registrationRoutes = new Hono<SessionEnv>()
  .use(requireSession('registration'))

  /** Everything the tracker and the current step's page need. */
  .get('/', async (c) => {
    const { db } = c.var.deps.database;
    const { account } = c.var;
    const tracker = await getTracker(db, account);
    const reg = await findLiveRegistration(db, account.id);
    return c.json({
      ...tracker,
      providerName: c.var.deps.config.proofing.providerName,
      providerNameEn: c.var.deps.config.proofing.providerNameEn,
      account: { username: account.username },
      unit: (await findUnit(db, account.unitCode)) ?? null,
      nationalId: reg?.nationalId ?? null,
      // Sent back to step 2 after a lost phone, "not me" or a reissued password (FLOWS §6).
      reproofing: reg?.reproofing ?? false,
      proofing: reg ? await latestProofing(db, reg.id) : null,
      details: reg && ['details', 'pending', 'approved', 'activated'].includes(reg.status) ? {
        proven: provenFields(reg),
        personal: reg.personal,
        workplace: reg.workplace,
        email: reg.email,
        emailVerified: Boolean(reg.emailVerifiedAt),
      } : null,
    });
  })

  .get('/consent', (c) => c.json({ version: CONSENT_VERSION, ...CONSENT_TEXT }))

  /** Step 1: multipart form with nationalId, consent=true and the appointment PDF. */
  .post('/step1',
    pdfUploadLimit(),
    async (c) => {
      const lang = c.var.lang;
      const { fields: body, file } = await readUploadForm(c);
      const parsed = Step1Form.safeParse({ nationalId: body.nationalId, consent: body.consent });
      const fields = parsed.success ? {} : toFieldErrors(parsed.error.issues, lang);
      const bytes = file ? new Uint8Array(await file.arrayBuffer()) : undefined;
      const needPdf = !c.var.account.appointmentOnRecord || (bytes && bytes.length > 0);
      if (needPdf) {
        const pdf = await checkPdf(bytes);
        if (!pdf.ok) fields.file = { code: pdf.reason, message: fieldMessage(pdf.reason, lang) };
      }
      if (Object.keys(fields).length || !parsed.success) throw new AppError('validation', fields);
      const { database, clock } = c.var.deps;
      const actor = actorOf(c, 'user', c.var.account.id);
      const document = bytes && bytes.length ? { filename: file!.name, bytes } : null;
      const result = await database.db.transaction((tx) =>
        completeStep1(tx, clock, { account: c.var.account, nationalId: parsed.data.nationalId, document, consentVersion: CONSENT_VERSION }, actor));
      if (!result.ok) {
        if (result.reason === 'pdf_required') throw new AppError('validation', { file: { code: 'pdf_required', message: fieldMessage('pdf_required', lang) } });
        throw new AppError('already_registered');
      }
      return c.json({ ok: true, status: result.registration.status });
    })

  /** Step 2 on the desktop: a QR code of the short link the phone opens. */
  .post('/proofing', async (c) => {
    const reg = await registrationIn(c, 'proofing');
    const { database, clock, config } = c.var.deps;
    const { code, expiresAt } = await startProofing(database.db, clock, {
      registrationId: reg.id, ip: clientIp(c), userAgent: c.req.header('user-agent'),
    }, actorOf(c, 'user', c.var.account.id));
    const url = `${config.publicOrigin}/p/${code}`;
    const qr = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 280 });
    return c.json({ url, qr, expiresAt: expiresAt.toISOString() });
  })

  /** Step 5 on the desktop: a QR of the activation link and the short code to type. */
  .post('/activation', async (c) => {
    const reg = await registrationIn(c, 'approved');
    const { database, clock, config } = c.var.deps;
    const result = await database.db.transaction((tx) => createActivationCode(tx, clock,
      { registrationId: reg.id, accountId: c.var.account.id }, actorOf(c, 'user', c.var.account.id)));
    if (!result.ok) throw new AppError(result.reason === 'token_active' ? 'token_active' : 'wrong_step');
    // A fragment: the code is not sent in request lines, logs or Referer.
    const url = `${config.publicOrigin}/app/activate#${result.code}`;
    const qr = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 280 });
    return c.json({ url, qr, typedCode: result.typedCode, expiresAt: result.expiresAt.toISOString() });
  })

  .put('/personal', validate('json', PersonalSchema), async (c) => {
    const reg = await registrationIn(c, 'details');
    const saved = await saveDetailsPart(c.var.deps.database.db, c.var.deps.clock, reg, 'personal', c.req.valid('json'), actorOf(c, 'user', c.var.account.id));
    if (!saved) throw new AppError('wrong_step');
    return c.json({ ok: true });
  })

  .put('/workplace', validate('json', WorkplaceSchema), async (c) => {
    const reg = await registrationIn(c, 'details');
    const saved = await saveDetailsPart(c.var.deps.database.db, c.var.deps.clock, reg, 'workplace', c.req.valid('json'), actorOf(c, 'user', c.var.account.id));
    if (!saved) throw new AppError('wrong_step');
    return c.json({ ok: true });
  })

  /** เริ่มต้นใหม่: clear both parts of the form. */
  .post('/reset', async (c) => {
    const reg = await registrationIn(c, 'details');
    await clearDetails(c.var.deps.database.db, c.var.deps.clock, reg, actorOf(c, 'user', c.var.account.id));
    return c.json({ ok: true });
  })

  .post('/email/send', validate('json', z.object({ email: emailSchema })), async (c) => {
    const reg = await registrationIn(c, 'details');
    const { database, clock, config } = c.var.deps;
    const result = await database.db.transaction((tx) =>
      sendEmailCode(tx, clock, { registration: reg, email: c.req.valid('json').email, perDay: config.emailCodesPerDay }, actorOf(c, 'user', c.var.account.id)));
    if (!result.ok) {
      if (result.reason === 'email_taken') throw new AppError('email_taken');
      const wait = Math.max(1, Math.ceil((result.resendAt.getTime() - clock.now().getTime()) / 1000));
      throw new AppError(result.reason === 'daily_limit' ? 'otp_daily_limit' : 'otp_resend_wait', undefined, { 'Retry-After': String(wait) });
    }
    return c.json({ expiresAt: result.expiresAt.toISOString(), resendAt: result.resendAt.toISOString() });
  })

  .post('/email/verify', validate('json', z.object({ code: z.string().trim().regex(/^\d{6}$/, 'otp_format') })), async (c) => {
    const reg = await registrationIn(c, 'details');
    const { database, clock } = c.var.deps;
    const result = await database.db.transaction((tx) =>
      verifyEmailCode(tx, clock, { registration: reg, code: c.req.valid('json').code }, actorOf(c, 'user', c.var.account.id)));
    if (result.ok) return c.json({ email: result.email, verified: true });
    if (result.reason === 'wrong_code') {
      const vars = { triesLeft: result.triesLeft };
      throw new AppError('otp_wrong', { code: { code: 'otp_wrong', message: fieldMessage('otp_wrong', c.var.lang, vars), vars } });
    }
    throw new AppError(({ no_code: 'otp_none', expired: 'otp_expired', too_many_tries: 'otp_locked', email_taken: 'email_taken' } as const)[result.reason]);
  })

  /** ยืนยันข้อมูล: submit for approval. */
  .post('/submit', async (c) => {
    const reg = await registrationIn(c, 'details');
    const { database, clock } = c.var.deps;
    const result = await database.db.transaction((tx) => submitRegistration(tx, clock, reg, actorOf(c, 'user', c.var.account.id)));
    if (result.ok) return c.json({ ok: true, status: result.registration.status });
    if (result.reason === 'incomplete') {
      const fields = Object.fromEntries(result.missing.map((m) => [m, { code: 'required', message: fieldMessage('required', c.var.lang) }]));
      throw new AppError('validation', fields);
    }
    throw new AppError(result.reason);
  })

  /** Live tracker updates: an event whenever this account's registration changes (any instance). */
  .get('/events', (c) => {
    return liveStream(c, c.var.deps.live, { sources: [['registration', c.var.account.id]], event: 'update' });
  })

  /** The Thai address cascade. */
  .get('/address/provinces', (c) => c.json(listProvinces()))
  .get('/address/districts', validate('query', z.object({ province: z.string().max(10) })), (c) => c.json(listDistricts(c.req.valid('query').province)))
  .get('/address/subdistricts', validate('query', z.object({ district: z.string().max(20) })), (c) => c.json(listSubdistricts(c.req.valid('query').district)));
