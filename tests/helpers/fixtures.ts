/** Database fixtures for API tests that start past the steps other tests cover. */
import { randomInt } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import { accounts, persons, registrations } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import { newAccount } from './accounts.ts';
import { withNationalId } from '../../db/sealing.ts';

/** A fresh valid national ID (random, so tests never collide). */
export function randomNationalId(): string {
  return withCheckDigit(`1${String(randomInt(0, 1e11)).padStart(11, '0')}`);
}

/** An account whose registration an officer has approved (tracker step 5 open). */
export async function seedApprovedRegistration(database: Database) {
  const { account, username, initialPassword } = await newAccount(database);
  const nationalId = randomNationalId();
  const email = `${nationalId}@example.go.th`;
  const [person] = await database.db.insert(persons).values({
    ...withNationalId(nationalId), title: 'นาย', firstNameTh: 'ทดสอบ', lastNameTh: 'ระบบ', firstNameEn: 'Test', lastNameEn: 'System',
    email, emailVerifiedAt: new Date(),
  }).returning();
  const [registration] = await database.db.insert(registrations).values({
    accountId: account.id, status: 'approved', ...withNationalId(nationalId), email, emailVerifiedAt: new Date(),
    step1DoneAt: new Date(), proofedAt: new Date(), submittedAt: new Date(), decidedAt: new Date(), personId: person!.id,
  }).returning();
  await database.db.update(accounts).set({ holderPersonId: person!.id }).where(eq(accounts.id, account.id));
  return { account, username, initialPassword, registration: registration!, person: person!, email };
}
