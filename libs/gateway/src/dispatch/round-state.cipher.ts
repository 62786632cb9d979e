import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const WIRE_PREFIX = 'v2.';
const HKDF_SALT = 'skillnest.requestState.v2';
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = KEY_ID_BYTES + IV_BYTES;

/** Why a state could not be opened (an expired one opens; its expiry is the codec's to check). */
export type UnsealFailure = 'malformed' | 'unknown_key' | 'mismatch';

interface SealingKey {
  /** Names the key on the wire, so a replica picks it without trying every key it holds. */
  readonly id: Buffer;
  readonly aesKey: Buffer;
}

/** AES and key-id sub-keys of a configured secret, by HKDF-SHA256 (the secret itself never keys AES). */
function derived(secret: Uint8Array | string): SealingKey {
  const material = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  return {
    id: Buffer.from(hkdfSync('sha256', material, HKDF_SALT, 'key id', KEY_ID_BYTES)),
    aesKey: Buffer.from(hkdfSync('sha256', material, HKDF_SALT, 'aes-256-gcm key', 32)),
  };
}

/**
 * Authenticated encryption of `requestState` with AES-256-GCM: the client holds bytes it can
 * neither read nor alter, and the associated data (the call the state belongs to) must match
 * to open it. Wire: `v2.` base64url(key id | IV | ciphertext | tag). Hand-written on node:crypto
 * because it is one AEAD call each way: the SDK's codec only signs (its payload is readable) and
 * knows one key, and no library would add more than this file. Seals with the current key;
 * opens with the current or any previous one (key rotation).
 */
export class StateKeyRing {
  private readonly current: SealingKey;
  private readonly byId = new Map<string, SealingKey>();

  constructor(current: Uint8Array | string, previous: ReadonlyArray<Uint8Array | string>) {
    this.current = derived(current);
    for (const key of [this.current, ...previous.map(derived)]) if (!this.byId.has(key.id.toString('hex'))) this.byId.set(key.id.toString('hex'), key);
  }

  seal(plaintext: Buffer, associated: Buffer): string {
    const iv = randomBytes(IV_BYTES);
    const header = Buffer.concat([this.current.id, iv]);
    const cipher = createCipheriv('aes-256-gcm', this.current.aesKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.concat([header, associated]));
    const sealed = Buffer.concat([header, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return WIRE_PREFIX + sealed.toString('base64url');
  }

  unseal(state: string, associated: Buffer): Buffer | UnsealFailure {
    if (!state.startsWith(WIRE_PREFIX)) return 'malformed';
    const bytes = Buffer.from(state.slice(WIRE_PREFIX.length), 'base64url');
    if (bytes.length < HEADER_BYTES + TAG_BYTES) return 'malformed';
    const key = this.byId.get(bytes.subarray(0, KEY_ID_BYTES).toString('hex'));
    if (!key) return 'unknown_key';
    const decipher = createDecipheriv('aes-256-gcm', key.aesKey, bytes.subarray(KEY_ID_BYTES, HEADER_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.concat([bytes.subarray(0, HEADER_BYTES), associated]));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    } catch {
      // GCM cannot say which: altered bytes, or a state issued for another call.
      return 'mismatch';
    }
  }
}
