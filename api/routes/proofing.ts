/**
 * The phone's side of identity proofing (FLOWS §1): see whose proof a short link is for,
 * confirm or refuse it, go to the provider, come back on the callback.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { actorOf, type AppEnv } from '../http/context.ts';
import {
  confirmProofing, findProofingCallback, finishProofing, lookupProofing, PROOFING_TTL_MS, refuseProofing,
} from '../domain/proofing.ts';
import { AppError } from '../errors.ts';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';

const CodeParam = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

export const proofingRoutes = new Hono<AppEnv>()
  .get('/session/:code', validate('param', CodeParam), async (c) => {
    const { database, clock, config } = c.var.deps;
    const found = await lookupProofing(database.db, clock, c.req.valid('param').code);
    if (!found.ok) throw new AppError(found.reason === 'not_found' ? 'not_found' : 'link_expired');
    return c.json({ ...found.context, providerName: config.proofing.providerName, providerNameEn: config.proofing.providerNameEn });
  })

  /** "Yes, this is my proof": bind this phone, then send it to the provider. */
  .post('/session/:code/confirm', validate('param', CodeParam), async (c) => {
    const { database, clock, proofing } = c.var.deps;
    const result = await database.db.transaction((tx) => confirmProofing(tx, clock, c.req.valid('param').code, actorOf(c, 'user')));
    if (!result.ok) throw new AppError(result.reason === 'not_found' ? 'not_found' : 'link_expired');
    let redirectUrl: URL;
    try {
      redirectUrl = await proofing.authorizationUrl(result);
    } catch (err) {
      c.var.deps.log.error({ err }, 'proofing: provider discovery failed');
      throw new AppError('proofing_unavailable');
    }
    // Lax: the provider's redirect back is a cross-site top-level navigation.
    writeCookie(c, 'proofing', result.binding, { sameSite: 'Lax', until: new Date(clock.now().getTime() + PROOFING_TTL_MS) });
    return c.json({ redirectUrl: redirectUrl.toString() });
  })

  .post('/session/:code/refuse', validate('param', CodeParam), async (c) => {
    const { database, clock } = c.var.deps;
    const done = await refuseProofing(database.db, clock, c.req.valid('param').code, actorOf(c, 'user'));
    if (!done) throw new AppError('link_expired');
    return c.json({ ok: true });
  })

  /** The provider sends the phone back here; the answer page is /p/result. */
  .get('/callback', async (c) => {
    const { database, clock, config, proofing } = c.var.deps;
    const url = new URL(c.req.url);
    const state = url.searchParams.get('state') ?? '';
    const result = (status: string, reason?: string) => {
      clearCookie(c, 'proofing');
      return c.redirect(`/p/result?status=${status}${reason ? `&reason=${reason}` : ''}`, 303);
    };
    const found = await findProofingCallback(database.db, clock, state, readCookie(c, 'proofing'));
    if (!found.ok) return result('failed', found.reason);
    // The provider checks run outside the transaction: they are network calls.
    const callbackUrl = new URL(`${config.publicOrigin}/api/proofing/callback${url.search}`);
    const answer = await proofing.exchange(callbackUrl, found.row);
    if (!answer.ok) c.var.deps.log.warn({ reason: answer.reason, detail: answer.detail }, 'proofing: provider answered with an error');
    const outcome = await database.db.transaction((tx) => finishProofing(tx, clock, {
      row: found.row, result: answer.ok ? answer : { ok: false, reason: answer.reason },
      claimNames: config.proofing.claims, minIal: config.proofing.minIal,
    }, actorOf(c, 'user')));
    return outcome.ok ? result('done') : result('failed', outcome.reason);
  });
