/** People who hold or held an account, as proven at the identity provider. */
import { eq } from 'drizzle-orm';
import type { Executor } from '../index.ts';
import { persons, type Person } from '../schema.ts';

export async function findPerson(ex: Executor, id: string): Promise<Person | undefined> {
  const [person] = await ex.select().from(persons).where(eq(persons.id, id));
  return person;
}
