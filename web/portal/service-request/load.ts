import { api, ApiError, type ServiceRequestForm } from '../../lib/api.ts';

/** A request by its tracking number; a missing one is an answer (null), not a failure. */
export async function findServiceRequest(tracking: string): Promise<ServiceRequestForm | null> {
  try {
    return await api.serviceRequests.get(tracking);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.code === 'validation')) return null;
    throw err;
  }
}
