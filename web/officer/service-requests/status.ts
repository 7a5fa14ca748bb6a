import type { BadgeTone } from '../../components/Badge.tsx';
import type { ServiceRequestStatus } from '../../lib/api.ts';

/** A request's badge colour in the console: waiting for an officer, done, or still without its scan. */
export function srStatusTone(status: ServiceRequestStatus): BadgeTone {
  if (status === 'submitted' || status === 'processed') return 'warning';
  if (status === 'completed') return 'success';
  return status === 'awaiting_scan' ? 'muted' : 'neutral';
}
