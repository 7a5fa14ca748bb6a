/**
 * The outline and size of the WebAuthn responses browsers post (activation, login approval,
 * officer passkeys). Their content is checked by SimpleWebAuthn; these only keep oversized or
 * wrongly typed input out before it gets there.
 */
import { z } from 'zod';

const credential = {
  id: z.string().max(1024), rawId: z.string().max(1024), type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().max(32).optional(),
};

/** A new credential (navigator.credentials.create). */
export const AttestationShape = z.object({
  ...credential,
  response: z.object({ clientDataJSON: z.string().max(8192), attestationObject: z.string().max(16384), transports: z.array(z.string().max(32)).max(10).optional() }).loose(),
}).loose();

/** A signature (navigator.credentials.get). */
export const AssertionShape = z.object({
  ...credential,
  response: z.object({ clientDataJSON: z.string().max(8192), authenticatorData: z.string().max(8192), signature: z.string().max(1024), userHandle: z.string().max(512).optional() }).loose(),
}).loose();
