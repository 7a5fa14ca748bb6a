/** The purposes' names in both languages, as the API defines them (asked once per page load). */
import { createResource } from 'solid-js';
import { api, type HolderReason, type ServicePurpose, type ServiceRequestOptions } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';

let cached: Promise<ServiceRequestOptions | null> | undefined;

export function usePurposeLabels() {
  cached ??= api.serviceRequests.options().catch(() => {
    cached = undefined;
    return null;
  });
  const [options] = createResource(() => cached!);
  return {
    purpose: (p: ServicePurpose) => options()?.purposes[p][lang()] ?? p,
    reason: (r: HolderReason) => options()?.holderReasons[r][lang()] ?? r,
  };
}

export type PurposeLabels = ReturnType<typeof usePurposeLabels>;
