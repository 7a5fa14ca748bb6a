/**
 * VAPID keys for Web Push: from configuration, or (outside production) generated on first
 * start and kept in the database so every instance signs with the same pair.
 */
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import type { Executor } from '../../db/index.ts';
import { settings } from '../../db/schema.ts';
import type { SettingValues } from '../../db/json-types.ts';
import type { Config } from '../config.ts';

export async function ensureVapidKeys(ex: Executor, config: Config): Promise<Config['vapid']> {
  const { publicKey, privateKey, subject } = config.vapid;
  if (publicKey && privateKey) return config.vapid;
  const generated = webpush.generateVAPIDKeys();
  await ex.insert(settings).values({ key: 'vapid', value: generated }).onConflictDoNothing();
  const [row] = await ex.select().from(settings).where(eq(settings.key, 'vapid'));
  const keys = row!.value as SettingValues['vapid'];
  return { publicKey: keys.publicKey, privateKey: keys.privateKey, subject };
}
