/**
 * Personal data sealed at the database edge (PDPA): AES-256-GCM envelope encryption and
 * blind indexes. Columns declared with `sealedText`, `sealedJson` or `sealedBytes` are
 * encrypted as they are written and opened as they are read, so the rest of the code sees
 * plain values and a copy of the database (backup, replica, dump) shows none.
 *
 * Keys: data keys (random 256-bit) encrypt the columns; each is stored in `data_keys`
 * wrapped by the key-encryption key from a `KeySource` (today the `DATA_KEY` environment
 * variable; a cloud KMS can implement the same interface). Every ciphertext names its data
 * key: `0x01 | key id (8 bytes) | IV (12) | ciphertext | tag (16)`.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { customType } from 'drizzle-orm/pg-core';

const VERSION = 1;
const ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + ID_BYTES + IV_BYTES;

/** Wraps and unwraps data keys. The environment key does it locally; a KMS would call out. */
export type KeySource = {
  /** Names the key-encryption key, so a wrapped data key says which one wrapped it. */
  readonly id: string;
  wrap(dataKey: Buffer): Buffer;
  unwrap(wrapped: Buffer): Buffer;
};

/** A key-encryption key held in memory (from `DATA_KEY`: 32 bytes, base64). */
export function localKeySource(key: Buffer): KeySource {
  if (key.length !== 32) throw new Error('DATA_KEY must be 32 bytes (base64)');
  return {
    id: createHash('sha256').update('soft-token kek').update(key).digest('hex').slice(0, 16),
    wrap: (dataKey) => encrypt(key, dataKey, Buffer.from('data-key')),
    unwrap: (wrapped) => decrypt(key, wrapped, Buffer.from('data-key')),
  };
}

/** The data keys this process can use: every known key opens, the current one seals. */
type Ring = { keys: Map<string, Buffer>; current?: string; index?: { id: string; key: Buffer } };
const ring: Ring = { keys: new Map() };

/** Make a data key usable (and, with `current`, the one new values are sealed with). */
export function addDataKey(id: string, key: Buffer, opts: { current?: boolean } = {}): void {
  if (!/^[0-9a-f]{16}$/.test(id) || key.length !== 32) throw new Error('bad data key');
  ring.keys.set(id, key);
  if (opts.current) ring.current = id;
}

/**
 * The key of the blind indexes (HMAC-SHA-256); its own key, never a data key. A process has
 * one: a second, different one would silently break every lookup, so it is refused.
 */
export function setIndexKey(id: string, key: Buffer): void {
  if (key.length !== 32) throw new Error('bad index key');
  if (ring.index && !ring.index.key.equals(key)) throw new Error('this process already uses another blind-index key');
  ring.index = { id, key };
}

/** What this process already holds, so a database opened next in the same process (tests) shares it. */
export function heldKeys(): { index?: { id: string; key: Buffer }; current?: { id: string; key: Buffer } } {
  const current = ring.current ? { id: ring.current, key: ring.keys.get(ring.current)! } : undefined;
  return { index: ring.index, current };
}

export function currentDataKeyId(): string | undefined {
  return ring.current;
}

export function knownDataKeyIds(): string[] {
  return [...ring.keys.keys()];
}

export const newDataKeyId = () => randomBytes(ID_BYTES).toString('hex');
export const newKey = () => randomBytes(32);

export function seal(plain: Uint8Array): Uint8Array {
  const id = ring.current;
  const key = id && ring.keys.get(id);
  if (!id || !key) throw new Error('no data key loaded: personal data cannot be written');
  const out = encrypt(key, Buffer.from(plain), Buffer.from(id, 'hex'));
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), Buffer.from(id, 'hex'), out]));
}

export function unseal(sealed: Uint8Array): Uint8Array {
  const buf = Buffer.from(sealed);
  if (buf.length < HEADER_BYTES + TAG_BYTES || buf[0] !== VERSION) throw new Error('not a sealed value');
  const id = sealedKeyId(buf);
  const key = ring.keys.get(id);
  if (!key) throw new Error(`data key ${id} is not loaded`);
  return new Uint8Array(decrypt(key, buf.subarray(1 + ID_BYTES), buf.subarray(1, 1 + ID_BYTES)));
}

/** The id of the data key that sealed a value. */
export function sealedKeyId(sealed: Uint8Array): string {
  return Buffer.from(sealed.subarray(1, 1 + ID_BYTES)).toString('hex');
}

/** AES-256-GCM: IV | ciphertext | tag, with associated data binding it to its key id or purpose. */
function encrypt(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(key: Buffer, data: Buffer, aad: Buffer): Buffer {
  const iv = data.subarray(0, IV_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}

/**
 * The blind index of a value: HMAC-SHA-256 under the index key, hex. Equal inputs give equal
 * indexes, so uniqueness and exact lookups work; nothing about the value can be read back.
 */
export function blindIndex(value: string): string {
  if (!ring.index) throw new Error('no index key loaded');
  return createHmac('sha256', ring.index.key).update(value.normalize('NFKC').trim()).digest('hex');
}

/** A national ID as the audit log and officer lists may show it: only the last three digits. */
export function maskNationalId(id: string): string {
  return /^\d{13}$/.test(id) ? `x-xxxx-xxxxx-${id.slice(10, 12)}-${id.slice(12)}` : 'x-xxxx-xxxxx-xx-x';
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Text sealed at rest (stored as bytea). */
export const sealedText = customType<{ data: string; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => seal(utf8.encode(v)),
  fromDriver: (v) => fromUtf8.decode(unseal(v)),
});

/** JSON sealed at rest (stored as bytea); give the shape with `.$type<T>()`. */
export const sealedJson = customType<{ data: unknown; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => seal(utf8.encode(JSON.stringify(v))),
  fromDriver: (v) => JSON.parse(fromUtf8.decode(unseal(v))) as unknown,
});

/** Bytes (documents) sealed at rest. */
export const sealedBytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => seal(v),
  fromDriver: (v) => unseal(v),
});

/** A national ID as it is written: sealed, with its blind index beside it. */
export function withNationalId(id: string): { nationalId: string; nationalIdIndex: string };
export function withNationalId(id: string | null | undefined): { nationalId: string | null; nationalIdIndex: string | null };
export function withNationalId(id: string | null | undefined) {
  return id ? { nationalId: id, nationalIdIndex: blindIndex(id) } : { nationalId: null, nationalIdIndex: null };
}
