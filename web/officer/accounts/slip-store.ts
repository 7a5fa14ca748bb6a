/**
 * The slips waiting to be printed: held in this page's memory only (never storage, never
 * the address), handed from the call that created them to the slip page, and dropped when
 * the officer leaves that page. A reload loses them: that is the point.
 */
import { createSignal } from 'solid-js';
import type { CreatedAccount, Slip } from '../../lib/api.ts';

export type SlipBatch = { slips: Slip[]; legacy: string[]; issuedAt: string };

const [batch, setBatch] = createSignal<SlipBatch | null>(null);

export { batch as slipBatch };

export function holdSlips(created: CreatedAccount[]): void {
  setBatch({
    slips: created.flatMap((c) => (c.slip ? [c.slip] : [])),
    legacy: created.filter((c) => c.legacyTokenUser).map((c) => c.username),
    issuedAt: new Date().toISOString(),
  });
}

export function holdSlip(slip: Slip): void {
  setBatch({ slips: [slip], legacy: [], issuedAt: new Date().toISOString() });
}

export function dropSlips(): void {
  setBatch(null);
}
